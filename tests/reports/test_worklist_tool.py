"""The 四清 work-list as a work tool: filters, areas, export, 去建会, assignment, 销号."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.models import AuditEntry, Employer, Level, Role
from reports.worklist.models import Visit, WorkItem
from tests import factories as f


@pytest.fixture
def big(counted):
    """Uncovered employers: two in county A (one under the township, one in its village), one
    in county B, one small one."""
    t = counted
    return {
        "township": f.employer(t.township_a, employees=320, name="大甲厂", industry_section="C",
                               economic_type="170", ownership="private",
                               no_union_reason="unwilling"),
        "village": f.employer(t.village_a, employees=60, name="=HYPERLINK(\"x\")村企",
                              industry_section="F", special_kind="park"),
        "other": f.employer(t.county_b, employees=150, name="大乙厂"),
        "small": f.employer(t.township_a, employees=20, name="小甲店"),
    }


def _names(response) -> list[str]:
    return [r.employer.name for r in response.context["rows"]]


def _list(pk=None):
    return reverse("reports_worklist_node", args=[pk]) if pk else reverse("reports_worklist")


@pytest.mark.parametrize("query, expected", [
    ({}, ["大甲厂", "大乙厂"]),
    ({"min_staff": 50}, ["大甲厂", "大乙厂", '=HYPERLINK("x")村企']),
    ({"min_staff": 200}, ["大甲厂"]),
    ({"min_staff": 50, "reason": "unwilling"}, ["大甲厂"]),
    ({"min_staff": 50, "reason": "none"}, ["大乙厂", '=HYPERLINK("x")村企']),
    ({"min_staff": 50, "industry_section": "F"}, ['=HYPERLINK("x")村企']),
    ({"min_staff": 50, "economic_type": "170"}, ["大甲厂"]),
    ({"min_staff": 50, "special_kind": "park"}, ['=HYPERLINK("x")村企']),
])
def test_each_filter_narrows_the_list(client_for, city_officer, big, query, expected):
    assert _names(client_for(city_officer).get(_list(), query)) == expected


def test_the_area_filter_and_its_scope(client_for, editor_a, big, counted):
    client = client_for(editor_a)
    assert _names(client.get(_list(), {"min_staff": 50, "area": counted.village_a.pk})) == [
        '=HYPERLINK("x")村企']
    # A node outside the scope, as filter or as page: 404.
    assert client.get(_list(), {"area": counted.county_b.pk}).status_code == 404
    assert client.get(_list(counted.county_b.pk)).status_code == 404
    assert client.get(reverse("reports_worklist_export"), {"area": counted.county_b.pk}).status_code == 404
    assert client.get(reverse("reports_worklist_closed"), {"area": counted.city.pk}).status_code == 404


def test_county_and_township_columns(client_for, city_officer, big, counted):
    rows = client_for(city_officer).get(_list(), {"min_staff": 50}).context["rows"]
    areas = {r.employer.name: (r.county, r.township) for r in rows}
    assert areas["大甲厂"] == (counted.county_a.name, counted.township_a.name)
    assert areas['=HYPERLINK("x")村企'] == (counted.county_a.name, counted.township_a.name)
    assert areas["大乙厂"] == (counted.county_b.name, "")


def test_the_page_reads_areas_without_a_query_per_row(client_for, city_officer, big, counted,
                                                       django_assert_max_num_queries):
    for n in range(30):
        f.employer(counted.village_a, employees=500 + n)
    client = client_for(city_officer)
    with django_assert_max_num_queries(14):
        client.get(_list())


def test_the_export_has_chinese_headers_areas_and_the_formula_guard(client_for, editor_a, big):
    response = client_for(editor_a).get(reverse("reports_worklist_export"), {"min_staff": 50})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "统一社会信用代码", "县（市、区）", "乡镇（街道）")
    names = [r[0] for r in rows[1:]]
    assert names == ["大甲厂", '=HYPERLINK("x")村企']  # scoped: 大乙厂 is county B's
    cell = next(c for c in sheet["A"] if c.value == '=HYPERLINK("x")村企')
    assert cell.data_type == "s" and cell.quotePrefix
    assert rows[2][2:4] == ("甲区总工会", "甲街道总工会")


def test_a_long_export_becomes_a_generated_file(client_for, editor_a, viewer_a, big, settings,
                                                django_capture_on_commit_callbacks):
    from reports.files.models import FileKind, GeneratedFile

    settings.WORKLIST_EXPORT_DIRECT_MAX = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor_a).get(reverse("reports_worklist_export"),
                                            {"min_staff": 50})
    assert response.status_code == 302
    record = GeneratedFile.objects.get(kind=FileKind.WORKLIST)
    assert record.is_done, record.error
    assert record.rows == 2 and record.params["min_staff"] == 50
    sheet = load_workbook(record.path).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "大甲厂", '=HYPERLINK("x")村企']
    # The requester finds it on the downloads page and downloads it; nobody else sees it.
    download = reverse("reports_file_download", args=[record.pk])
    assert client_for(editor_a).get(download).status_code == 200
    assert client_for(viewer_a).get(download).status_code == 404


def test_found_link_preselects_the_employer(client_for, editor_a, big, counted):
    client = client_for(editor_a)
    row = next(r for r in client.get(_list()).context["rows"] if r.employer.name == "大甲厂")
    assert row.found_url.endswith(f"?employer={big['township'].pk}")
    page = client.get(row.found_url)
    assert page.status_code == 200
    assert [e.pk for e in page.context["selected"]] == [big["township"].pk]


def test_found_link_ignores_an_out_of_scope_or_hostile_id(client_for, editor_a, big, counted):
    client = client_for(editor_a)
    url = reverse("union_create", args=[counted.township_a.pk])
    for value in (big["other"].pk, "1 OR 1=1", "9" * 40, counted.employer_a.pk):
        page = client.get(url, {"employer": value})
        assert page.status_code == 200 and page.context["selected"] == []
    # The federation itself outside the scope: 404.
    assert client.get(reverse("union_create", args=[counted.county_b.pk]),
                      {"employer": big["other"].pk}).status_code == 404


def _assign(client, employer, **data):
    return client.post(reverse("reports_worklist_assign", args=[employer.pk]), data)


def test_assignment_to_an_account_of_the_area(client_for, editor_a, viewer_a, big):
    client = client_for(editor_a)
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = _assign(client, big["township"], assignee=viewer_a.pk, due_on=due.isoformat(),
                       notes="先联系人事")
    assert response.status_code == 302
    item = WorkItem.objects.get(employer=big["township"])
    assert (item.assignee, item.due_on, item.notes) == (viewer_a, due, "先联系人事")
    assert AuditEntry.objects.filter(action="worklist.assign", object_id=str(item.pk)).exists()
    mine = client_for(viewer_a).get(_list(), {"mine": "on"})
    assert _names(mine) == ["大甲厂"]


def test_an_assignee_outside_the_area_is_refused(client_for, editor_a, big, counted):
    outsider = f.staff("editor_b", counted.county_b, Role.EDITOR)
    response = _assign(client_for(editor_a), big["township"], assignee=outsider.pk)
    assert response.status_code == 400
    assert not WorkItem.objects.filter(assignee=outsider).exists()


def test_a_viewer_cannot_assign_or_record_and_an_outsider_gets_404(client_for, viewer_a, editor_a, big):
    viewer = client_for(viewer_a)
    assert _assign(viewer, big["township"], assignee=viewer_a.pk).status_code == 403
    assert viewer.post(reverse("reports_worklist_visit", args=[big["township"].pk]),
                       {"kind": "visit", "on": "2024-01-01"}).status_code == 403
    editor = client_for(editor_a)
    assert _assign(editor, big["other"], assignee=editor_a.pk).status_code == 404
    assert editor.get(reverse("reports_worklist_item", args=[big["other"].pk])).status_code == 404


def test_visits_are_recorded_as_entries(client_for, editor_a, big):
    client = client_for(editor_a)
    url = reverse("reports_worklist_visit", args=[big["township"].pk])
    today = timezone.localdate()
    assert client.post(url, {"kind": "letters", "on": today.isoformat(),
                             "note": "已送达一函两书"}).status_code == 302
    future = (today + datetime.timedelta(days=2)).isoformat()
    assert client.post(url, {"kind": "visit", "on": future}).status_code == 400
    visit = Visit.objects.get()
    assert (visit.kind, visit.note, visit.by) == ("letters", "已送达一函两书", editor_a)
    assert AuditEntry.objects.filter(action="worklist.visit").count() == 1
    page = client.get(reverse("reports_worklist_item", args=[big["township"].pk]))
    assert "已送达一函两书" in page.content.decode()


def test_overdue_items_stand_out_by_date(client_for, editor_a, big):
    today = timezone.localdate()
    WorkItem.objects.create(employer=big["township"], assignee=editor_a,
                            due_on=today - datetime.timedelta(days=1))
    WorkItem.objects.create(employer=big["village"], assignee=editor_a, due_on=today)
    response = client_for(editor_a).get(_list(), {"min_staff": 50})
    overdue = {r.employer.name: r.overdue for r in response.context["rows"]}
    assert overdue == {"大甲厂": True, '=HYPERLINK("x")村企': False}
    assert response.content.decode().count('class="worklist-overdue"') == 1


def test_closed_this_month(client_for, editor_a, big, counted):
    from organizations.lifecycle.ending import employer_close

    today = timezone.localdate()
    employer_close(employer=big["township"], by=editor_a, status="moved_out", on=today,
                   reason="迁出", version=big["township"].version)
    founded = f.node(counted.township_a, Level.GRASSROOTS, "新厂工会", status="active",
                     founded_on=today)
    Employer.objects.filter(pk=big["village"].pk).update(union=founded)
    AuditEntry.objects.create(username="editor_a", action="union.found",
                              object_type="organizations.union", object_id=str(founded.pk))
    rows = client_for(editor_a).get(reverse("reports_worklist_closed"),
                                    {"min_staff": 50}).context["rows"]
    got = {(r.employer.name, r.how, r.by) for r in rows}
    assert got == {("大甲厂", "moved_out", "editor_a"),
                   ('=HYPERLINK("x")村企', "union", "editor_a")}
