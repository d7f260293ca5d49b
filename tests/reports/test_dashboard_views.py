"""The dashboard and the 四清 work-list: figures, drill-down, sorting, scope, editing reasons."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from organizations.models import AuditEntry, Employer, NoUnionReason
from reports.services import snapshots_backfill
from reports.templatetags.report_format import pct, wan, wan_text
from tests import factories as f


def _dash(pk=None) -> str:
    return reverse("reports_dashboard_node", args=[pk]) if pk else reverse("reports_dashboard")


def _worklist(pk=None) -> str:
    return reverse("reports_worklist_node", args=[pk]) if pk else reverse("reports_worklist")


@pytest.fixture
def big_uncovered(counted):
    """Employers of 100+ staff without a union, one in each county, and a small one."""
    return (
        f.employer(counted.township_a, employees=320, name="大甲厂"),
        f.employer(counted.county_b, employees=150, name="大乙厂"),
        f.employer(counted.township_a, employees=99, name="小甲店"),
    )


def test_the_city_dashboard_shows_the_totals_and_children(client_for, city_officer, counted, django_assert_max_num_queries):
    client = client_for(city_officer)
    with django_assert_max_num_queries(20):
        response = client.get(_dash())
    assert response.status_code == 200
    dash = response.context["dash"]
    assert dash.node == counted.city
    assert (dash.totals.members, dash.totals.unions, dash.totals.employers_covered) == (2, 2, 2)
    assert [row.node for row in dash.children] == [counted.county_a, counted.county_b]
    content = response.content.decode()
    assert _dash(counted.county_a.pk) in content  # drill down
    assert "vendor/echarts.min.js" in content and "cdn" not in content.lower()


def test_drilling_down_keeps_a_breadcrumb_back_up(client_for, city_officer, counted):
    response = client_for(city_officer).get(_dash(counted.township_a.pk))
    assert response.status_code == 200
    assert [n.pk for n in response.context["dash"].breadcrumb] == [
        counted.city.pk, counted.county_a.pk, counted.township_a.pk]
    assert _dash(counted.county_a.pk) in response.content.decode()


def test_a_grassroots_dashboard_has_no_children_but_its_trend(client_for, city_officer, counted):
    snapshots_backfill(months=3)
    response = client_for(city_officer).get(_dash(counted.union_a.pk))
    assert response.context["dash"].children == []
    assert len(response.context["chart_data"]["trend"]) == 3


def test_children_sort_by_any_column(client_for, city_officer, counted):
    f.member(counted.union_b)
    from counting.recount import counts_rebuild

    counts_rebuild()
    client = client_for(city_officer)
    down = client.get(_dash(), {"sort": "-members"}).context["dash"].children
    up = client.get(_dash(), {"sort": "members"}).context["dash"].children
    assert [r.node for r in down] == [counted.county_b, counted.county_a]
    assert [r.node for r in up] == [counted.county_a, counted.county_b]
    rate = client.get(_dash(), {"sort": "-membership_rate"})
    assert rate.status_code == 200


def test_a_county_editor_sees_their_county_by_default(client_for, editor_a, counted):
    response = client_for(editor_a).get(_dash())
    assert response.context["dash"].node == counted.county_a


@pytest.mark.parametrize("page", ["dashboard", "worklist"])
def test_another_countys_pages_answer_404(client_for, editor_a, counted, page):
    client = client_for(editor_a)
    url = _dash if page == "dashboard" else _worklist
    assert client.get(url(counted.county_b.pk)).status_code == 404
    assert client.get(url(counted.union_b.pk)).status_code == 404
    assert client.get(url(counted.city.pk)).status_code == 404  # above one's own node
    assert client.get(url(999_999)).status_code == 404


def test_editing_another_countys_reason_answers_404(client_for, editor_a, big_uncovered):
    theirs = big_uncovered[1]
    response = client_for(editor_a).post(
        reverse("reports_worklist_reason", args=[theirs.pk]),
        {f"e{theirs.pk}-no_union_reason": "other", f"e{theirs.pk}-version": theirs.version},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.no_union_reason != "other"


def test_pages_need_a_login_and_a_place_in_the_tree(client, counted):
    assert client.get(_dash()).status_code == 302
    nobody = get_user_model().objects.create_user("nobody", password="pw-for-tests-1")
    client.force_login(nobody)
    assert client.get(_dash()).status_code == 404
    assert client.get(_worklist()).status_code == 404


def test_the_worklist_lists_big_employers_without_a_union_by_size(client_for, city_officer, big_uncovered):
    response = client_for(city_officer).get(_worklist())
    names = [r.employer.name for r in response.context["rows"]]
    assert names == ["大甲厂", "大乙厂"]
    small_first = client_for(city_officer).get(_worklist(), {"sort": "employees"})
    assert [r.employer.name for r in small_first.context["rows"]] == ["大乙厂", "大甲厂"]


def test_a_dissolved_unions_employer_is_back_on_the_worklist(client_for, city_officer, counted):
    Employer.objects.filter(pk=counted.employer_a.pk).update(employees=200)
    counted.union_a.status = "dissolved"
    counted.union_a.save()
    names = [r.employer.name for r in client_for(city_officer).get(_worklist()).context["rows"]]
    assert counted.employer_a.name in names


def test_the_county_worklist_is_scoped(client_for, editor_a, big_uncovered):
    rows = client_for(editor_a).get(_worklist()).context["rows"]
    assert [r.employer.name for r in rows] == ["大甲厂"]


def test_an_editor_records_a_reason_through_the_service(client_for, editor_a, big_uncovered):
    ours = big_uncovered[0]
    response = client_for(editor_a).post(
        reverse("reports_worklist_reason", args=[ours.pk]),
        {f"e{ours.pk}-no_union_reason": NoUnionReason.EMPLOYER_UNWILLING,
         f"e{ours.pk}-no_union_note": "老板不同意", f"e{ours.pk}-version": ours.version,
         "next": _worklist()},
    )
    assert response.status_code == 302 and response["Location"] == _worklist()
    ours.refresh_from_db()
    assert (ours.no_union_reason, ours.no_union_note) == ("unwilling", "老板不同意")
    assert AuditEntry.objects.filter(action="employer.update", object_id=str(ours.pk)).exists()


def test_a_stale_reason_form_is_refused_not_overwritten(client_for, editor_a, big_uncovered):
    ours = big_uncovered[0]
    client = client_for(editor_a)
    data = {f"e{ours.pk}-no_union_reason": "other", f"e{ours.pk}-version": ours.version - 1}
    client.post(reverse("reports_worklist_reason", args=[ours.pk]), data)
    ours.refresh_from_db()
    assert ours.no_union_reason == ""


def test_a_viewer_sees_reasons_but_cannot_edit(client_for, viewer_a, big_uncovered):
    client = client_for(viewer_a)
    response = client.get(_worklist())
    assert all(r.form is None for r in response.context["rows"])
    ours = big_uncovered[0]
    denied = client.post(reverse("reports_worklist_reason", args=[ours.pk]),
                         {f"e{ours.pk}-no_union_reason": "other", f"e{ours.pk}-version": ours.version})
    assert denied.status_code == 403


def test_the_redirect_after_saving_stays_on_this_site(client_for, editor_a, big_uncovered):
    ours = big_uncovered[0]
    response = client_for(editor_a).post(
        reverse("reports_worklist_reason", args=[ours.pk]),
        {f"e{ours.pk}-version": ours.version, "next": "https://evil.example/"})
    assert response["Location"] == _worklist()


def test_numbers_read_the_chinese_way_and_exactly_on_hover():
    assert wan_text(2_667_000) == "266.7万"
    assert wan_text(14_328) == "1.43万"
    assert wan_text(9_999) == "9,999"
    assert wan_text(250_000_000) == "2.5亿"
    assert wan(1_412_000) == '<span class="wan" title="1,412,000">141.2万</span>'
    assert wan(None) == "—"
    assert (pct(None), pct(0.0), pct(77.36)) == ("—", "0.0%", "77.4%")
