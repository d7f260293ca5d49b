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
