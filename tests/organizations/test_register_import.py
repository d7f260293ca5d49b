"""Employer and union imports: bad codes, duplicates, idempotence, field-by-field updates,
scope, the error workbook's formula guard, a hostile file, counters after a union import."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.sheets.refusal import RefusedFile
from counting.recount import counts_rebuild
from organizations.importing import jobs, services
from organizations.importing.models import ImportStatus, RegisterImport
from organizations.models import Employer, Union
from tests import factories as f
from tests.members.import_support import upload, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
HEADERS = ["单位名称", "统一 社会信用代码", "所在地区", "单位类别", "行业门类", "行业大类",
           "职工人数", "农民工人数", "企业规模", "是否规上", "特殊类型", "地址"]


@pytest.fixture
def import_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def emp(name, code, place="", etype="170 私营企业", section="C 制造业", division="34",
        staff=120, migrants=30, size="中型", above="是", kind="", address="示例路1号"):
    return [name, code, place, etype, section, division, staff, migrants, size, above, kind,
            address]


def check(node, user, data, kind="employers"):
    record = services.register_import_create(node=node, kind=kind, by=user, upload=upload(data))
    return jobs.register_import_validate(record_id=record.pk)


def commit(record, user):
    services.register_import_commit_request(record=record, by=user)
    return jobs.register_import_commit(record_id=record.pk)


def codes(record):
    return {(e[0], e[3]) for e in record.errors}


def test_new_employers_are_created_with_their_facts(tree, editor_a):
    one, two = f.credit_code(), f.credit_code()
    record = check(tree.county_a, editor_a, xlsx([emp("新甲公司", one, "甲街道总工会"),
                                                  emp("新乙公司", two)], HEADERS))
    assert (record.status, record.count_new, record.errors) == (ImportStatus.VALIDATED, 2, [])
    assert not Employer.objects.filter(credit_code=one).exists()  # nothing before the commit
    record = commit(record, editor_a)
    assert (record.status, record.committed_new) == (ImportStatus.COMMITTED, 2)
    made = Employer.objects.get(credit_code=one)
    assert (made.node, made.economic_type, made.ownership, made.industry_section,
            made.industry_division, made.employees, made.above_designated_size) == (
        tree.township_a, "170", "private", "C", "34", 120, True)
    assert Employer.objects.get(credit_code=two).node == tree.county_a


def test_bad_codes_and_duplicates_are_listed_by_row_and_column(tree, editor_a):
    good, dup = f.credit_code(), f.credit_code()
    bad_checksum = good[:-1] + ("0" if good[-1] != "0" else "1")
    record = check(tree.county_a, editor_a, xlsx([
        emp("坏代码", bad_checksum), emp("坏门类", f.credit_code(), section="Z 不存在"),
        emp("坏类别", f.credit_code(), etype="999"), emp("重复一", dup), emp("重复二", dup),
        emp("不知何处", f.credit_code(), "丙区总工会")], HEADERS))
    found = codes(record)
    assert (2, "credit_code") in found
    assert (3, "choice") in found and (4, "choice") in found
    assert (5, "dup_in_file") in found and (6, "dup_in_file") in found
    assert (7, "node_unknown") in found
    assert record.count_new == 0 and record.count_error == 6
    page_errors = {e[1] for e in record.errors}
    assert {"统一 社会信用代码", "行业门类", "单位类别", "所在地区"} <= page_errors


def test_importing_twice_changes_nothing_and_a_changed_cell_updates_one_field(tree, editor_a):
    code = f.credit_code()
    data = xlsx([emp("幂等公司", code)], HEADERS)
    commit(check(tree.county_a, editor_a, data), editor_a)
    employer = Employer.objects.get(credit_code=code)
    history, version = employer.history.count(), employer.version
    again = check(tree.county_a, editor_a, data)
    assert (again.count_new, again.count_updated, again.count_unchanged) == (0, 0, 1)
    assert not again.can_commit
    assert employer.history.count() == history
    changed = check(tree.county_a, editor_a, xlsx([emp("幂等公司", code, staff=150)], HEADERS))
    assert changed.count_updated == 1
    commit(changed, editor_a)
    employer.refresh_from_db()
    assert (employer.employees, employer.version) == (150, version + 1)
    assert employer.history.count() == history + 1
    latest, before = employer.history.all()[:2]
    assert latest.diff_against(before).changed_fields == ["employees"]


def test_a_credit_code_of_another_area_is_an_error_without_details(tree, editor_a):
    record = check(tree.county_a, editor_a, xlsx([emp("别人的", tree.employer_b.credit_code)],
                                                 HEADERS))
    assert codes(record) == {(2, "belongs_elsewhere")}
    assert tree.employer_b.node.name not in str(record.errors)


def test_pages_are_scoped_and_viewers_are_refused(tree, editor_a, viewer_a, client_for):
    client = client_for(editor_a)
    assert client.get(reverse("register_import_new", args=["employers", tree.county_b.pk])
                      ).status_code == 404
    assert client.get(reverse("register_import_new", args=["employers", tree.county_a.pk])
                      ).status_code == 200
    other = RegisterImport.objects.create(
        node=tree.county_b, kind="employers", created_at="2024-01-01T00:00Z",
        keep_until="2030-01-01T00:00Z", original_name="x.xlsx")
    assert client.get(reverse("register_import_detail", args=[other.pk])).status_code == 404
    viewer = client_for(viewer_a)
    assert viewer.get(reverse("register_import_new", args=["employers", tree.township_a.pk])
                      ).status_code == 403


def test_the_upload_page_checks_and_the_commit_needs_confirming(tree, editor_a, client_for,
                                                                 django_capture_on_commit_callbacks):
    client = client_for(editor_a)
    data = xlsx([emp("页面公司", f.credit_code())], HEADERS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register_import_new", args=["employers", tree.county_a.pk]),
                               {"file": upload(data)})
    record = RegisterImport.objects.get()
    assert response.url == reverse("register_import_detail", args=[record.pk])
    assert client.get(response.url).status_code == 200
    assert RegisterImport.objects.get().status == ImportStatus.VALIDATED


def _typed_as_text(data: bytes) -> bytes:
    """The upload as a user types it: a name beginning with = stays text in their file."""
    book = load_workbook(io.BytesIO(data))
    for row in book.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_error_workbook_neutralises_formulas(tree, editor_a, client_for):
    data = _typed_as_text(xlsx([emp('=HYPERLINK("http://x")', "bad")], HEADERS))
    record = check(tree.county_a, editor_a, data)
    assert codes(record) == {(2, "credit_code")}
    response = client_for(editor_a).get(reverse("register_import_errors", args=[record.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=3)
    assert cell.data_type != "f" and str(cell.value).lstrip("'").startswith("=HYPERLINK")


def test_a_hostile_file_is_refused(tree, editor_a):
    with pytest.raises(RefusedFile):
        services.register_import_create(node=tree.county_a, kind="employers", by=editor_a,
                                        upload=upload(b"\x89PNG not a workbook"))


def test_the_template_has_drop_downs(tree, editor_a, client_for):
    response = client_for(editor_a).get(reverse("register_import_template", args=["employers"]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["单位名册"]
    assert [c.value for c in sheet[1]][:2] == ["单位名称", "统一社会信用代码"]
    assert len(sheet.data_validations.dataValidation) >= 5
    rules = " ".join(v.formula1 for v in sheet.data_validations.dataValidation)
    listed = [c.value for name in book.sheetnames if name == "选项"
              for row in book[name].iter_rows() for c in row]
    assert "170 私营企业" in rules or "170 私营企业" in listed
    assert "C 制造业" in rules or "C 制造业" in listed


UNION_HEADERS = ["工会名称", "上级工会", "组建形式", "单位统一社会信用代码", "成立日期", "工会主席"]


def test_a_union_import_founds_unions_and_counters_match_a_recount(tree, editor_a):
    one = f.employer(tree.township_a, employees=80, name="联合一")
    two = f.employer(tree.township_a, employees=40, name="联合二")
    solo = f.employer(tree.township_a, employees=200, name="独立一")
    counts_rebuild(repair=True)  # the factories write rows directly: start from true counters
    data = xlsx([
        ["联合工会", "甲街道总工会", "联合", f"{one.credit_code}、{two.credit_code}",
         "2020-05-01", "王五"],
        ["独立工会", "甲街道总工会", "独立", solo.credit_code, "2019-01-01", ""],
        ["坏工会", "", "联合", f"{f.credit_code()},{tree.employer_a.credit_code}", "2019-01-01",
         ""],
    ], UNION_HEADERS)
    record = check(tree.county_a, editor_a, data, kind="unions")
    assert record.count_new == 2, record.errors
    assert {(4, "employer_unknown"), (4, "covered_elsewhere"), (4, "employer_count")} <= codes(
        record)
    commit(record, editor_a)
    joint = Union.objects.get(name="联合工会")
    assert joint.formation == "joint" and joint.status == "active"
    assert set(joint.employers.values_list("pk", flat=True)) == {one.pk, two.pk}
    assert counts_rebuild(repair=False).clean
    again = check(tree.county_a, editor_a, data, kind="unions")
    assert (again.count_new, again.count_updated, again.count_unchanged) == (0, 0, 2)
