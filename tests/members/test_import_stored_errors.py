"""A batch's stored error list: short values, masked resident IDs, gone with the file, and
never loaded by pages that do not show it."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.identity import mask_resident_id
from members.importing.jobs import import_files_purge
from members.importing.models import ImportBatch
from tests import factories as f
from tests.members.import_support import check, import_media, row, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]


def test_a_huge_value_is_stored_shortened(tree, editor_a):
    batch = check(tree.union_a, editor_a, xlsx([row("长" * 40_000, f.resident_id())]))
    [issue] = batch.errors
    assert issue[3] == "too_long"
    assert len(issue[2]) == 100 and issue[2].endswith("…")


def test_a_huge_header_is_stored_shortened(tree, editor_a):
    headers = ["姓名（" + "说明" * 5_000 + "）", "身份证号", "入会日期"]
    batch = check(tree.union_a, editor_a, xlsx([["甲", "123", "2020-01-01"]], headers=headers))
    assert batch.status == "validated"
    assert len(json.dumps(batch.columns, ensure_ascii=False)) < 400


def test_stored_errors_hold_masked_resident_ids_only(tree, editor_a):
    valid = f.resident_id()
    bad_checksum = valid[:-1] + ("1" if valid[-1] == "0" else "0")
    twice = f.resident_id()
    elsewhere = f.member(tree.union_b).resident_id
    rows = [row("甲", bad_checksum), row("乙", twice), row("丙", twice), row("丁", elsewhere),
            row("戊", f.resident_id(), joined="不是日期")]
    batch = check(tree.union_a, editor_a, xlsx(rows))
    stored = json.dumps(batch.errors, ensure_ascii=False)
    for full in (bad_checksum, twice, elsewhere):
        assert full not in stored
    assert mask_resident_id(bad_checksum) in stored and mask_resident_id(twice) in stored
    assert len(batch.errors) == 5


def test_one_id_in_thousands_of_rows_does_not_store_every_row_number_in_every_error(
        tree, editor_a):
    twice = f.resident_id()
    batch = check(tree.union_a, editor_a, xlsx([row(f"甲{n}", twice) for n in range(2_000)]))
    assert len(batch.errors) == 2_000
    assert len(json.dumps(batch.errors, ensure_ascii=False)) < 2_000 * 300


def test_the_error_list_is_purged_with_the_file(tree, editor_a):
    batch = check(tree.union_a, editor_a, xlsx([row("甲", "123")]))
    assert batch.errors and batch.count_error == 1
    ImportBatch.objects.filter(pk=batch.pk).update(
        keep_until=timezone.now() - datetime.timedelta(days=1))
    assert import_files_purge() == 1
    batch.refresh_from_db()
    assert batch.errors == [] and batch.count_error == 1 and not batch.file


def _selects_errors(queries) -> bool:
    return any('."errors"' in q["sql"] for q in queries)


def test_pages_that_do_not_show_errors_do_not_load_them(tree, editor_a, client_for):
    batch = check(tree.union_a, editor_a, xlsx([row("甲", "123")]))
    client = client_for(editor_a)
    for url in ("/imports/", f"/imports/{batch.pk}/status/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not _selects_errors(queries.captured_queries), url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/imports/{batch.pk}/").status_code == 200
    assert _selects_errors(queries.captured_queries)
