"""The import pages: who may use them, and the wizard through the test client."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from members.importing.columns import COLUMNS
from members.importing.models import ImportBatch, ImportStatus
from members.models import Member
from tests import factories as f
from tests.members.import_support import check, import_media, row, upload, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]


def test_an_editor_cannot_import_into_a_node_outside_their_subtree(tree, editor_a, client_for):
    client = client_for(editor_a)
    data = xlsx([row("甲", f.resident_id())])
    for node in (tree.union_b, tree.county_b, tree.city):
        assert client.get(f"/imports/into/{node.pk}/").status_code == 404
        response = client.post(f"/imports/into/{node.pk}/", {"file": upload(data)})
        assert response.status_code == 404
    assert client.get("/imports/?node=%d" % tree.union_b.pk, follow=True).status_code == 404
    assert not ImportBatch.objects.exists()


def test_an_import_outside_the_scope_is_not_found(tree, editor_a, city_officer, client_for):
    batch = check(tree.union_b, city_officer, xlsx([row("甲", f.resident_id())]))
    client = client_for(editor_a)
    for url in ("", "status/", "errors.xlsx"):
        assert client.get(f"/imports/{batch.pk}/{url}").status_code == 404
    assert client.post(f"/imports/{batch.pk}/commit/").status_code == 404
    assert client.post(f"/imports/{batch.pk}/recheck/").status_code == 404
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.VALIDATED


def test_viewers_are_refused(tree, viewer_a, client_for):
    client = client_for(viewer_a)
    for url in ("/imports/", "/imports/template.xlsx", f"/imports/into/{tree.union_a.pk}/"):
        assert client.get(url).status_code == 403


def test_anonymous_users_are_sent_to_log_in(tree, client):
    response = client.get("/imports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_template_has_headers_drop_downs_an_example_and_instructions(tree, editor_a,
                                                                         client_for):
    response = client_for(editor_a).get("/imports/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert sheet["A2"].value == "张三"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["E2"] == '"是,否"' and "快递员" in lists["F2"] and "保安员" in lists["G2"]
    assert len(workbook.worksheets) == 2 and workbook.worksheets[1]["A1"].value


def test_the_wizard_uploads_previews_and_commits(tree, editor_a, client_for,
                                                 django_capture_on_commit_callbacks):
    client = client_for(editor_a)
    good = f.resident_id()
    data = xlsx([row("王五", good), row("坏人", "110101199001011230")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/into/{tree.union_a.pk}/", {"file": upload(data)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'data-count="new">1<' in page and 'data-count="errors">1<' in page
    assert "**************1230" in page  # the value as written, masked, with row and reason
    assert "110101199001011230" not in page
    assert client.get(f"/imports/{batch.pk}/status/").json()["status"] == "validated"

    sheet = load_workbook(io.BytesIO(client.get(f"/imports/{batch.pk}/errors.xlsx").content))
    rows = list(sheet.worksheets[0].values)
    assert rows[0][:4] == ("错误原因", "原文件行号", "姓名", "身份证号") and len(rows) == 2
    assert rows[1][1:4] == (3, "坏人", "110101199001011230")  # the file's own cells, whole

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/{batch.pk}/commit/", {"confirm": "on"})
    assert response.status_code == 302
    assert Member.objects.with_resident_id(good).filter(union=tree.union_a).exists()
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'id="import-done"' in page
    index = client.get("/imports/").content.decode()
    assert "roster.xlsx" in index


def test_an_out_of_scope_union_is_not_offered(tree, editor_a, client_for):
    page = client_for(editor_a).get("/imports/").content.decode()
    assert tree.county_a.name in page and tree.county_b.name not in page
