"""Monthly snapshots: figures as of each month end, from dates; re-running gives the same rows."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from counting.figures import FIGURE_FIELDS, Figures
from counting.months import previous_month
from members import services as member_services
from organizations.models import Union
from reports.models import MonthlySnapshot
from reports.selectors import month_start, rollup_by_child
from reports.services import snapshot_month, snapshots_backfill, snapshots_write
from tests import factories as f

TODAY = timezone.localdate()


def _rows() -> list[tuple]:
    return list(MonthlySnapshot.objects.order_by("node_id", "month").values_list("node_id", "month", *FIGURE_FIELDS))


def _at(node: Union, month: datetime.date) -> MonthlySnapshot:
    return MonthlySnapshot.objects.get(node=node, month=month)


def test_a_month_written_twice_gives_the_same_rows(counted):
    month = previous_month(TODAY)
    assert snapshot_month(month=month) == 7  # one row per node of the tree
    first = _rows()
    assert snapshot_month(month=month) == 7
    assert _rows() == first


def test_the_backfill_follows_join_leave_and_founding_dates(counted, city_officer):
    jan, feb, mar = datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 3, 1)
    Union.objects.filter(pk=counted.union_b.pk).update(founded_on=datetime.date(2024, 2, 10))
    newcomer = f.member(counted.union_a, joined_on=datetime.date(2024, 2, 29), is_migrant=True)
    member_services.member_leave(member=newcomer, by=city_officer, version=None, on=datetime.date(2024, 3, 5))
    snapshots_backfill(months=3, until=mar)  # member_a and member_b joined 2024-01-15

    a = [_at(counted.county_a, m) for m in (jan, feb, mar)]
    assert [s.members for s in a] == [1, 2, 1]
    assert [s.members_migrant for s in a] == [0, 1, 0]
    assert [s.members_new for s in a] == [1, 1, 0]
    b = [_at(counted.county_b, m) for m in (jan, feb, mar)]
    assert [s.unions_independent for s in b] == [0, 1, 1]
    assert [s.unions_new for s in b] == [0, 1, 0]
    assert [s.employers_covered for s in b] == [0, 1, 1]
    assert _at(counted.city, mar).figures.members == 2


def test_the_snapshot_of_this_month_equals_the_live_figures_of_every_node(counted):
    snapshots_write(first=TODAY, last=TODAY)
    for node in Union.objects.all():
        live = sum(rollup_by_child(node).values(), Figures())
        assert _at(node, month_start(TODAY)).figures == live, node.name


def test_an_ended_membership_without_an_end_date_never_counts(counted):
    member = f.member(counted.union_a, status="left", left_on=None)
    assert member.left_on is None
    snapshots_write(first=TODAY, last=TODAY)
    assert _at(counted.union_a, month_start(TODAY)).members == 1


def test_the_backfill_command_writes_twelve_months(counted):
    call_command("backfill_snapshots", "--months", "12", stdout=open("/dev/null", "w"))
    months = sorted(set(MonthlySnapshot.objects.values_list("month", flat=True)))
    assert len(months) == 12 and months[-1] == previous_month(TODAY)


def test_beat_writes_last_months_snapshot_and_recounts_nightly():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["reports-snapshot-month"]["task"] == "reports.tasks.snapshot_month"
    assert schedule["reports-snapshot-month"]["schedule"].day_of_month == {1}
    assert schedule["reports-recount"]["task"] == "reports.tasks.recount"


def test_the_snapshot_task_defaults_to_the_month_just_ended(counted):
    from reports.tasks import snapshot_month as task

    assert task.apply().get() == 7  # in-process; the worker test sends it through Redis
    assert set(MonthlySnapshot.objects.values_list("month", flat=True)) == {previous_month(TODAY)}


def _report_figures(node: Union, month: datetime.date) -> tuple:
    from reports.files.monthly_report.data import report_data

    data = report_data(node=Union.objects.get(pk=node.pk), month=month)
    return (
        data.totals,
        [(row.node.name, row.parent_name, row.figures) for row in data.children],
        [(row.node.name, row.parent_name, row.figures) for row in data.unions],
        [row.node.name for row in data.founded],
    )


def test_a_past_months_report_is_unchanged_by_later_changes(counted, city_officer):
    """Build last month's report, change the registry today in every way a union's life can,
    build it again (and rewrite last month's snapshot from the raw tables): same figures."""
    from organizations import services as org_services
    from organizations.lifecycle.ending import employer_close, union_dissolve
    from organizations.lifecycle.moves import union_move
    from organizations.models import EmployerStatus, Formation, Level

    last = previous_month(TODAY)
    Union.objects.filter(pk=counted.union_a.pk).update(founded_on=datetime.date(2023, 5, 1))
    snapshot_month(month=last)
    as_they_stood = {node: _report_figures(node, last) for node in (counted.city, counted.county_a)}
    city_then = _at(counted.city, last).figures

    # Today: a union is founded, one is dissolved, one moves, an employer closes.
    new = org_services.employer_create(by=city_officer, name="新厂", credit_code=f.credit_code(),
                                       ownership="private", node=counted.county_a, employees=20)
    org_services.union_create(parent=counted.county_a, level=Level.GRASSROOTS, by=city_officer,
                              employers=[new], name="今日成立工会", formation=Formation.INDEPENDENT,
                              status="active", founded_on=TODAY)
    member_services.member_leave(member=counted.member_a, by=city_officer, version=None)
    union_dissolve(union=counted.union_a, by=city_officer, on=TODAY, reason="停产",
                   release_employers=True)
    employer_close(employer=counted.employer_b, by=city_officer, status=EmployerStatus.CLOSED, on=TODAY)
    union_move(union=counted.union_b, to_parent=counted.township_a, by=city_officer)

    for node, figures in as_they_stood.items():
        assert _report_figures(node, last) == figures, node.name
    # Rewritten from today's tables, by dates: the unions and members as they stood. (Which
    # employers existed and which union covered them is taken as it is now, but for closings.)
    snapshot_month(month=last)
    rewritten = _at(counted.city, last).figures
    dated = ("unions_independent", "unions_joint", "unions_new", "members", "members_female",
             "members_migrant", "members_new_form", "members_eight_group", "members_new")
    assert [getattr(rewritten, f) for f in dated] == [getattr(city_then, f) for f in dated]
    assert "今日成立工会" not in [name for name, *_ in _report_figures(counted.city, last)[2]]
    assert counted.union_a.name in [name for name, *_ in _report_figures(counted.city, last)[2]]


def test_the_month_picker_offers_only_months_with_data(counted, city_officer):
    from reports.files.forms import FileRequestForm

    snapshots_backfill(months=2, until=datetime.date(2024, 3, 1))
    offered = [value for value, _label in FileRequestForm(user=city_officer).fields["month"].choices]
    assert offered == [previous_month(TODAY).isoformat(), "2024-03-01", "2024-02-01"]
