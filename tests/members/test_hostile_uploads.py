"""Hostile workbooks, built by hand with zipfile: each is refused quickly, or ends as a failed
check with a message; none can take the process that checks it down."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
import textwrap
import zipfile

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from members.importing import jobs, sandbox, services
from members.importing.models import ImportBatch, ImportStatus
from members.importing.reasons import file_reason_text
from members.models import Member
from tests import factories as f
from tests.members.import_support import check, import_media, upload

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def roster_rows(count: int = 1) -> str:
    """A header row and `count` valid members, as sheet XML."""
    xml = ['<row r="1">' + cell("A1", "姓名") + cell("B1", "身份证号") + cell("C1", "入会日期")
           + "</row>"]
    for n in range(2, count + 2):
        xml.append(f'<row r="{n}">' + cell(f"A{n}", f"会员{n}") + cell(f"B{n}", f.resident_id())
                   + cell(f"C{n}", "2020-05-01") + "</row>")
    return "".join(xml)


def workbook(sheet_data: str | None = None, *, dimension: str = "A1:C2",
             sheet_xml: bytes | None = None) -> bytes:
    """A minimal xlsx: one sheet, inline strings, whatever cells the test asks for."""
    if sheet_xml is None:
        sheet_xml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
        ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def far_cell(ref: str, row: int) -> bytes:
    return workbook(roster_rows() + f'<row r="{row}">' + cell(ref, "x") + "</row>")


def many_rows(rows: int) -> bytes:
    """A sheet of `rows` short rows: megabytes unpacked, under the unpacked-size cap."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
            b'.org/spreadsheetml/2006/main"><dimension ref="A1:C2"/><sheetData>')
    body = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>{n}</v></c>'
                   f'<c r="C{n}"><v>{n}</v></c><c r="D{n}"><v>{n}</v></c></row>'
                   for n in range(2, rows + 2))
    return workbook(sheet_xml=head + roster_rows(0).encode() + body.encode()
                    + b"</sheetData></worksheet>")


def _refused(tree, user, data: bytes, code: str) -> dict:
    members = Member.objects.count()
    # The time bound is the reader's own (IMPORT_READ_SECONDS kills it: tested below); how
    # fast a refusal is belongs to the benchmark, not to a timed assertion here.
    batch = check(tree.union_a, user, data)
    assert batch.status == ImportStatus.REFUSED, batch.problem
    assert batch.problem["code"] == code
    assert Member.objects.count() == members
    return batch.problem


def test_a_value_in_the_last_cell_of_the_sheet_is_refused_before_reading(tree, editor_a):
    problem = _refused(tree, editor_a, far_cell("XFD1048576", 1048576), "rows_beyond")
    assert problem["params"]["cell"] == "XFD1048576"
    text = file_reason_text(problem)
    assert "XFD1048576" in text and "名册" in text


def test_a_value_far_to_the_right_is_refused_before_reading(tree, editor_a):
    problem = _refused(tree, editor_a, far_cell("XFD5000", 5000), "columns_beyond")
    assert problem["params"]["cell"] == "XFD5000"
    assert "XFD5000" in file_reason_text(problem)


def test_a_lying_dimension_tag_does_not_hide_a_far_cell(tree, editor_a):
    data = workbook(roster_rows() + '<row r="9">' + cell("ZZ9", "x") + "</row>",
                    dimension="A1:C2")
    assert _refused(tree, editor_a, data, "columns_beyond")["params"]["cell"] == "ZZ9"


def test_a_cell_placed_by_position_is_measured_too(tree, editor_a):
    # No r="..." on the cells: each one sits right of the one before it.
    data = workbook(roster_rows() + '<row r="5">' + "<c/>" * 300 + "<c><v>1</v></c></row>")
    assert _refused(tree, editor_a, data, "columns_beyond")["params"]["cell"] == "KO5"


def test_a_quoted_angle_bracket_does_not_hide_a_far_cell(tree, editor_a):
    data = workbook(roster_rows() + '<row r="5"><c foo=">" r="XFD5"><v>1</v></c></row>')
    assert _refused(tree, editor_a, data, "columns_beyond")["params"]["cell"] == "XFD5"


def test_a_styled_empty_far_cell_and_a_huge_dimension_are_harmless(tree, editor_a):
    data = workbook(roster_rows() + '<row r="5000"><c r="XFD5000" s="1"/></row>',
                    dimension="A1:XFD1048576")
    batch = check(tree.union_a, editor_a, data)
    assert batch.status == ImportStatus.VALIDATED and batch.count_new == 1


def test_a_sheet_with_too_many_rows_is_refused_before_it_is_built(tree, editor_a, settings):
    settings.IMPORT_MAX_ROWS = 1_000
    problem = _refused(tree, editor_a, many_rows(60_000), "rows_beyond")
    assert problem["params"]["max"] == 1_010  # the rows allowed, plus the header search


READER = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (%(limit)d, %(limit)d))
    import django; django.setup()
    from pathlib import Path
    from members.importing.reader import open_roster
    from members.importing.reasons import RefusedFile
    try:
        open_roster(Path(sys.argv[1]))
    except RefusedFile as refused:
        print(refused.code)
""")


@pytest.mark.parametrize("build, code", [
    (lambda: far_cell("XFD1048576", 1048576), "rows_beyond"),
    (lambda: far_cell("XFD5000", 5000), "columns_beyond"),
    (lambda: many_rows(250_000), "rows_beyond"),
], ids=["XFD1048576", "XFD5000", "250k-rows"])
def test_the_reader_refuses_within_a_small_memory_limit(tmp_path, build, code):
    """The reader itself, in a process limited to 600 MB of address space."""
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(build())
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "unionreg.settings", "SECRET_KEY": "t"}
    result = subprocess.run(
        [sys.executable, "-c", READER % {"limit": 600 * 1024 * 1024}, str(path)],
        capture_output=True, text=True, env=env, check=False, cwd=django_settings.BASE_DIR, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == code


def test_a_reader_out_of_memory_ends_as_a_failed_check_that_can_run_again(
        tree, editor_a, settings):
    settings.IMPORT_MEMORY_LIMIT_MB = 1  # less than the child already holds: it cannot read
    batch = check(tree.union_a, editor_a, workbook(roster_rows(2_000)))
    assert batch.status == ImportStatus.FAILED
    assert batch.problem["code"] == "read_memory"
    assert "内存" in file_reason_text(batch.problem)
    settings.IMPORT_MEMORY_LIMIT_MB = 1024
    services.import_revalidate(batch=batch, by=editor_a)
    assert jobs.import_validate(batch_id=batch.pk).status == ImportStatus.VALIDATED


def test_a_reader_out_of_time_ends_as_a_failed_check(tree, editor_a, settings):
    settings.IMPORT_READ_SECONDS = 0.01  # the child is killed before it has even started
    batch = check(tree.union_a, editor_a, workbook(roster_rows()))
    assert (batch.status, batch.problem["code"]) == (ImportStatus.FAILED, "read_timeout")


def test_a_check_whose_worker_died_ends_failed_and_can_run_again(
        tree, editor_a, client, django_capture_on_commit_callbacks):
    batch = services.import_batch_create(node=tree.union_a, by=editor_a,
                                         upload=upload(workbook(roster_rows())))
    # The worker claimed the batch, then was killed (OOM killer, a deploy) and never came back.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.VALIDATING,
        running_since=timezone.now() - datetime.timedelta(
            seconds=sandbox.time_limit_seconds() + 601))
    client.force_login(editor_a)
    state = client.get(reverse("import_status", args=[batch.pk])).json()
    assert state["status"] == ImportStatus.FAILED and not state["running"]
    page = client.get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert file_reason_text({"code": "worker_lost"}) in page
    assert reverse("import_recheck", args=[batch.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_recheck", args=[batch.pk]))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.VALIDATED  # eager


def test_a_running_check_is_not_taken_for_dead(tree, editor_a, client):
    batch = services.import_batch_create(node=tree.union_a, by=editor_a,
                                         upload=upload(workbook(roster_rows())))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.VALIDATING,
                                                   running_since=timezone.now())
    client.force_login(editor_a)
    assert client.get(reverse("import_status", args=[batch.pk])).json()["running"]
