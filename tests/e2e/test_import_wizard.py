"""A county editor imports a roster for a street federation: upload, preview, errors, commit."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from members.importing.models import ImportBatch
from members.models import Member
from tests import factories as f
from tests.members.import_support import HEADERS, upload, xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_imports_a_roster_through_the_wizard(live_server, page, tree, editor_a,
                                                    settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    new_ids = [f.resident_id(901), f.resident_id(902, female=True)]
    roster = tmp_path / "甲街道名册.xlsx"
    roster.write_bytes(xlsx([
        ["王五", new_ids[0], "13900000001", "2019.3.5", "是", "快递员", "", "甲公司工会委员会"],
        ["赵六", new_ids[1], "", "2019年3月5日", "否", "", "保安员", "甲公司工会委员会"],
        [tree.member_a.name, tree.member_a.resident_id, "13900000002", "2024-01-15", "", "", "",
         "甲公司工会委员会"],
        ["错号", "110101199001011230", "", "2020-01-01", "", "", "", "甲公司工会委员会"],
        ["李四", tree.member_b.resident_id, "", "2020-01-01", "", "", "", "甲公司工会委员会"],
    ], headers=HEADERS + ["所属工会"]))

    page.goto(f"{live_server.url}/imports/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=username]", "editor_a")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click(".login-card button[type=submit]")
    page.wait_for_url(re.compile(r"/imports/$"))

    # The template is one click away.
    with page.expect_download() as template:
        page.click("a[href$='/imports/template.xlsx']")
    assert load_workbook(io.BytesIO(template.value.path().read_bytes())).worksheets[0]["B1"].value == "身份证号"

    page.select_option("select[name=node]", str(tree.township_a.pk))
    page.click("form.inline-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/imports/into/{tree.township_a.pk}/$"))
    page.set_input_files("input[name=file]", str(roster))
    page.click("form.form button[type=submit].btn-primary")

    batch = ImportBatch.objects.get()
    page.wait_for_url(re.compile(rf"/imports/{batch.pk}/$"))
    page.locator("#import-summary").wait_for()
    counts = {k: page.locator(f"[data-count={k}]").inner_text() for k in
              ("new", "updated", "errors")}
    assert counts == {"new": "2", "updated": "1", "errors": "2"}
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 2
    assert "**************1230" in errors.nth(0).inner_text()  # stored masked
    assert tree.union_b.name not in page.content()  # outside county A: never named
    _screenshot(page, tmp_path)

    with page.expect_download() as sheet:
        page.click(f"a[href$='/imports/{batch.pk}/errors.xlsx']")
    rows = list(load_workbook(io.BytesIO(sheet.value.path().read_bytes())).worksheets[0].values)
    assert [r[2] for r in rows[1:]] == ["错号", "李四"]  # after the reason and row number

    page.check("#commit-form input[name=confirm]")  # the confirmation before anything is written
    page.click("#commit-form button[type=submit]")
    page.locator("#import-done").wait_for()
    assert Member.objects.with_resident_ids(new_ids).filter(union=tree.union_a).count() == 2
    tree.member_a.refresh_from_db()
    assert tree.member_a.phone == "13900000002"


def _screenshot(page, tmp_path: Path) -> None:
    """Kept for a human look when E2E_SCREENSHOTS names a folder."""
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "import_preview.png"), full_page=True)


def test_the_progress_bar_follows_a_background_check(live_server, page, tree, editor_a,
                                                     settings, tmp_path):
    """With a real worker the check runs apart from the request: the page polls, then shows it."""
    from members.importing import jobs, services

    settings.MEDIA_ROOT = tmp_path / "media"
    batch = services.import_batch_create(
        node=tree.union_a, by=editor_a,
        upload=upload(xlsx([["王五", f.resident_id(903), "", "2020-01-01"]],
                            headers=HEADERS[:4])))
    ImportBatch.objects.filter(pk=batch.pk).update(status="validating", progress=40)

    page.goto(f"{live_server.url}/accounts/login/?next=/imports/{batch.pk}/")
    page.fill("input[name=username]", "editor_a")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click(".login-card button[type=submit]")
    assert page.locator("#import-progress progress").get_attribute("value") == "40"
    ImportBatch.objects.filter(pk=batch.pk).update(progress=70)
    # A locator assertion, not wait_for_function: the page's CSP refuses the eval behind the latter.
    expect(page.locator("#import-progress progress")).to_have_attribute("value", "70")

    ImportBatch.objects.filter(pk=batch.pk).update(status="pending")
    jobs.import_validate(batch_id=batch.pk)  # what the worker does
    page.locator("#import-summary").wait_for()
    assert page.locator("[data-count=new]").inner_text() == "1"

