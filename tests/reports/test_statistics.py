"""The statistics pages (issue 14): each rate and breakdown against a recount from the raw rows
filtered by hand here (not through counting.rules), scope, escaping, number formats."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from counting.recount import counts_rebuild
from members.models import Member
from organizations.models import Employer, Formation, IndustryFederation, Level, Union
from reports.statistics import breakdowns, selectors
from reports.statistics.charts import top_n
from reports.templatetags.report_format import column_style, num, wan, wan_text
from tests import factories as f


@pytest.fixture
def mixed(counted):
    """Two counties with covered and uncovered employers of several kinds, and flagged members."""
    t = counted
    t.employer_a.economic_type, t.employer_a.ownership = "151", "state"
    t.employer_a.migrant_employees = 20
    t.employer_a.industry_section, t.employer_a.special_kind = "C", "park"
    t.employer_a.save()
    joint = f.node(t.village_a, Level.GRASSROOTS, "甲社区联合工会委员会", formation=Formation.JOINT)
    f.employer(
        t.village_a,
        union=joint,
        employees=40,
        migrant_employees=30,
        economic_type="300",
        ownership="foreign",
        industry_section="G",
        special_kind="platform",
    )
    f.employer(t.village_a, union=joint, employees=8, ownership="individual")
    f.employer(
        t.township_a,
        employees=300,
        migrant_employees=100,
        economic_type="170",
        ownership="private",
        industry_section="C",
    )  # no union
    f.employer(t.county_b, employees=120, ownership="private", industry_section="F")  # no union
    f.member(joint, is_migrant=True, new_form_category="courier", eight_group="courier")
    f.member(joint, new_form_category="rider", eight_group="rider", is_migrant=True)
    f.member(t.union_a, eight_group="security")
    f.member(t.union_b, new_form_category="truck", eight_group="truck")
    f.member(t.union_a, status="kept")
    f.member(
        t.union_a, status="left", left_on=datetime.date(2024, 3, 1), new_form_category="courier"
    )
    counts_rebuild(repair=True)
    t.joint = joint
    return t


def _covered(e: Employer) -> bool:
    return e.union is not None and e.union.status == "active" and e.union.level == "grassroots"


def _raw(node: Union) -> dict:
    """The figures of the subtree recounted by hand from the raw rows."""
    employers = [
        e
        for e in Employer.objects.select_related("union", "node")
        if e.status == "open" and (e.union or e.node).path.startswith(node.path)
    ]
    members = [
        m
        for m in Member.objects.select_related("union")
        if m.status == "active" and m.union.path.startswith(node.path)
    ]
    return {
        "employees": sum(e.employees for e in employers),
        "employees_covered": sum(e.employees for e in employers if _covered(e)),
        "migrant_employees": sum(e.migrant_employees for e in employers),
        "migrant_employees_covered": sum(e.migrant_employees for e in employers if _covered(e)),
        "employers": len(employers),
        "employers_covered": sum(1 for e in employers if _covered(e)),
        "members": len(members),
        "members_migrant": sum(1 for m in members if m.is_migrant),
        "_employers": employers,
        "_members": members,
    }


@pytest.mark.parametrize("where", ["city", "county_a", "county_b", "township_a"])
def test_each_rate_equals_a_recount_from_the_raw_rows(mixed, city_officer, where):
    node = getattr(mixed, where)
    raw = _raw(node)
    totals = selectors.rates_get(user=city_officer, node=node).totals
    for name in (
        "employees",
        "employees_covered",
        "migrant_employees",
        "migrant_employees_covered",
        "employers",
        "employers_covered",
        "members",
        "members_migrant",
    ):
        assert getattr(totals, name) == raw[name], name
    assert totals.membership_rate == pytest.approx(100 * raw["members"] / raw["employees_covered"])
    assert totals.membership_rate_all == pytest.approx(100 * raw["members"] / raw["employees"])
    if raw["migrant_employees_covered"]:
        assert totals.migrant_membership_rate == pytest.approx(
            100 * raw["members_migrant"] / raw["migrant_employees_covered"]
        )
    assert totals.employee_coverage_rate == pytest.approx(
        100 * raw["employees_covered"] / raw["employees"]
    )


def test_the_federation_rate_divides_by_covered_employees_not_all(mixed, city_officer):
    totals = selectors.rates_get(user=city_officer, node=mixed.city).totals
    assert totals.employees_covered < totals.employees
    assert totals.membership_rate > totals.membership_rate_all


def test_new_members_of_the_month_quarter_and_year(mixed, city_officer):
    from reports.services import snapshots_backfill

    today = datetime.date.today()
    f.member(mixed.union_a, joined_on=today)
    counts_rebuild(repair=True)
    snapshots_backfill(months=14)
    new = selectors.rates_get(user=city_officer, node=mixed.city).new
    raw = [m for m in Member.objects.all() if m.status == "active"]
    year_start = today.replace(month=1, day=1)
    quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    assert new.month[1] == sum(1 for m in raw if m.joined_on >= today.replace(day=1)) == 1
    assert new.quarter[1] == sum(1 for m in raw if m.joined_on >= quarter_start)
    assert new.year[1] == sum(1 for m in raw if m.joined_on >= year_start)


@pytest.mark.parametrize(
    "key,group",
    [
        (
            "ownership",
            lambda e: {"151": "state", "300": "foreign", "170": "private"}.get(
                e.economic_type, {"private": "private", "individual": "individual"}.get(e.ownership)
            ),
        ),
        ("industry", lambda e: e.industry_section),
        ("special", lambda e: e.special_kind),
    ],
)
def test_employer_breakdowns_equal_a_recount(mixed, city_officer, key, group):
    data = breakdowns.breakdown_get(user=city_officer, node=mixed.city, key=key)
    raw = _raw(mixed.city)["_employers"]
    got = {
        c.value: (c.figures["employers"], c.figures["employees"], c.figures["employees_covered"])
        for c in data.categories
    }
    want: dict = {}
    for e in raw:
        n, s, c = want.get(group(e), (0, 0, 0))
        want[group(e)] = (n + 1, s + e.employees, c + (e.employees if _covered(e) else 0))
    assert got == want
    # drill-down: the children add up to the total, less what sits at the node itself
    assert sum(r.total for r in data.children) == data.total.figures["employers"]


@pytest.mark.parametrize(
    "key,column", [("new_form", "new_form_category"), ("eight_group", "eight_group")]
)
def test_member_breakdowns_equal_a_recount(mixed, city_officer, key, column):
    data = breakdowns.breakdown_get(user=city_officer, node=mixed.city, key=key)
    want: dict = {}
    for m in _raw(mixed.city)["_members"]:
        if getattr(m, column):
            want[getattr(m, column)] = want.get(getattr(m, column), 0) + 1
    assert {c.value: c.figures["members"] for c in data.categories} == want
    by_child = {r.node: r.total for r in data.children}
    assert by_child[mixed.county_b] == sum(
        1 for m in _raw(mixed.county_b)["_members"] if getattr(m, column)
    )


def test_kept_and_industry_federation_breakdowns(mixed, city_officer):
    kept = breakdowns.breakdown_get(user=city_officer, node=mixed.city, key="kept")
    assert kept.total.figures["members_kept"] == Member.objects.filter(status="kept").count() == 1
    assert kept.total.rates[0] == pytest.approx(100 * 1 / (1 + kept.total.figures["members"]))
    none_yet = breakdowns.breakdown_get(user=city_officer, node=mixed.city, key="federation")
    assert not none_yet.has_federations
    textile = IndustryFederation.objects.create(name="纺织服装产业工会联合会")
    Union.objects.filter(pk=mixed.union_a.pk).update(industry_federation=textile)
    data = breakdowns.breakdown_get(user=city_officer, node=mixed.city, key="federation")
    got = {c.label: c.figures["members"] for c in data.categories}
    union_a_members = Member.objects.filter(union=mixed.union_a, status="active").count()
    assert got["纺织服装产业工会联合会"] == union_a_members
    assert data.has_federations


def test_pages_answer_inside_the_scope_and_404_outside(mixed, client_for, editor_a):
    client = client_for(editor_a)
    assert client.get(reverse("statistics")).status_code == 200
    for key in breakdowns.DIMENSIONS:
        assert (
            client.get(reverse("statistics_breakdown", args=[mixed.county_a.pk, key])).status_code
            == 200
        )
        assert (
            client.get(reverse("statistics_breakdown", args=[mixed.county_b.pk, key])).status_code
            == 404
        )
        assert (
            client.get(reverse("statistics_breakdown", args=[mixed.city.pk, key])).status_code
            == 404
        )
    assert client.get(reverse("statistics_node", args=[mixed.county_b.pk])).status_code == 404
    assert (
        client.get(
            reverse("statistics_breakdown", args=[mixed.county_a.pk, "nonsense"])
        ).status_code
        == 404
    )


def test_an_editor_of_county_a_sees_only_county_a(mixed, client_for, editor_a):
    response = client_for(editor_a).get(reverse("statistics"))
    assert response.context["data"].node == mixed.county_a
    assert response.context["data"].totals.members == _raw(mixed.county_a)["members"]
    assert "乙区总工会" not in response.content.decode()


def test_an_outsider_is_sent_to_log_in_or_refused(mixed, client):
    assert client.get(reverse("statistics")).status_code == 302


def test_names_in_chart_json_are_escaped(mixed, client_for, city_officer):
    evil = "<img src=x onerror=alert(1)>"
    Union.objects.filter(pk=mixed.county_a.pk).update(name=evil)
    for url in (
        reverse("statistics"),
        reverse("statistics_breakdown", args=[mixed.city.pk, "ownership"]),
    ):
        content = client_for(city_officer).get(url).content.decode()
        assert evil not in content
        assert "\\u003Cimg src=x onerror=alert(1)\\u003E" in content or "&lt;img src=x" in content
    content = client_for(city_officer).get(reverse("statistics")).content.decode()
    start = content.index('id="stat-chart-data"')
    payload = content[content.index(">", start) + 1 : content.index("</script>", start)]
    assert "<img" not in payload and json.loads(payload)["bars"][0]["name"]


def test_one_number_format_per_column():
    with translation.override("zh-hans"):
        assert column_style([5, 250_000]) == "wan"
        assert [num(v, "wan") for v in (5, 250_000)] == ["0.0万", "25.0万"]
        assert column_style([5, 9_999]) == "exact"
        assert [num(v, "exact") for v in (5, 99_999)] == ["5", "99,999"]


def test_the_pages_format_each_column_one_way(mixed, client_for, city_officer):
    Employer.objects.filter(pk=mixed.employer_b.pk).update(employees=250_000)
    counts_rebuild(repair=True)
    with translation.override("zh-hans"):
        response = client_for(city_officer).get(reverse("statistics"))
    styles = response.context["styles"]
    assert styles["employees"] == "wan" and styles["members"] == "exact"
    content = response.content.decode()
    table = content[content.index('id="rates-children"') :]
    assert "25.0万" in table and "0.0万" in table  # the small county's employees, in 万 too


def test_english_mode_has_no_wan(mixed, client_for, city_officer, settings):
    Employer.objects.filter(pk=mixed.employer_b.pk).update(employees=250_000)
    counts_rebuild(repair=True)
    client = client_for(city_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (
        reverse("statistics"),
        reverse("statistics_breakdown", args=[mixed.city.pk, "ownership"]),
        reverse("reports_dashboard"),
    ):
        content = client.get(url).content.decode()
        assert "万" not in content and "亿" not in content, url
    with translation.override("en"):
        assert wan_text(2_667_000) == "2,667,000" and "万" not in str(wan(2_667_000))
        assert column_style([2_667_000]) == "exact"
    with translation.override("zh-hans"):
        assert wan_text(2_667_000) == "266.7万"


def test_long_lists_become_a_sorted_top_n_with_others():
    bars = top_n([(f"u{i}", i, "") for i in range(25)], n=10)
    assert [b["value"] for b in bars[:10]] == list(range(24, 14, -1))
    assert bars[-1]["value"] == sum(range(15)) and "15" in bars[-1]["name"]


def test_the_dashboard_charts_get_no_wan_in_english(mixed, client_for, city_officer, settings):
    client = client_for(city_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(reverse("reports_dashboard")).context["chart_data"]["labels"]["wan"] == ""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert client.get(reverse("reports_dashboard")).context["chart_data"]["labels"]["wan"] == "%(number)s万"
