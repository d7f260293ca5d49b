"""Past months right for members: kept and returned memberships counted as they stood, the
monthly report's sheet of membership changes, card numbers in the export, import and seeding."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from django.utils import timezone, translation

from common.xlsx_guard import is_formula_like
from counting.figures import Figures
from counting.months import month_start
from members import services
from members.models import ChangeType, Member, MemberEvent
from reports.files.monthly_report.workbook import report_build
from reports.files.roster_export import TITLE_ROWS, roster_export, roster_headers
from reports.models import MonthlySnapshot
from reports.selectors import rollup_by_child
from reports.services import snapshots_backfill, snapshots_write
from tests import factories as f
from tests.members.import_support import check, commit, import_media, row, xlsx  # noqa: F401
from tests.reports.conftest import assert_counts_agree_with_recount, counted  # noqa: F401

D = datetime.date
JAN, FEB, MAR, APR, MAY = (D(2025, m, 1) for m in range(1, 6))


def _at(node, month) -> MonthlySnapshot:
    return MonthlySnapshot.objects.get(node=node, month=month)


def test_kept_and_returned_memberships_count_as_they_stood_at_each_month_end(counted, city_officer):
    member = counted.member_a  # joined 2024-01-15
    services.member_keep(member=member, by=city_officer, version=None, on=D(2025, 2, 10))
    services.member_return(member=Member.objects.get(pk=member.pk), by=city_officer, version=None,
                           on=D(2025, 4, 5))
    other = services.member_create(union=counted.union_a, by=city_officer, name="王五",
                                   resident_id=f.resident_id(), joined_on=D(2024, 6, 1))
    services.member_leave(member=other, by=city_officer, version=None, on=D(2025, 2, 20))
    services.member_return(member=Member.objects.get(pk=other.pk), by=city_officer, version=None,
                           on=D(2025, 3, 15))
    snapshots_backfill(months=5, until=MAY)
    a = [_at(counted.union_a, m) for m in (JAN, FEB, MAR, APR, MAY)]
    assert [s.members for s in a] == [2, 0, 1, 2, 2]
    assert [s.members_kept for s in a] == [0, 1, 1, 0, 0]
    assert _at(counted.city, MAR).members_kept == 1
    assert_counts_agree_with_recount()


def test_this_months_snapshot_equals_the_live_figures_with_kept_members(counted, city_officer):
    services.member_keep(member=counted.member_a, by=city_officer, version=None)
    today = timezone.localdate()
    snapshots_write(first=today, last=today)
    for node in (counted.union_a, counted.county_a, counted.city):
        live = sum(rollup_by_child(node).values(), Figures())
        assert _at(node, month_start(today)).figures == live
        assert live.members_kept == 1


def test_the_monthly_report_counts_each_change_type(counted, city_officer, tmp_path):
    today = timezone.localdate()
    services.member_create(union=counted.union_a, by=city_officer, name="王五",
                           resident_id=f.resident_id(), joined_on=today)
    services.member_transfer(member=counted.member_b, to_union=counted.union_a, by=city_officer)
    services.member_keep(member=counted.member_a, by=city_officer, version=None)
    snapshots_write(first=today, last=today)
    path = tmp_path / "report.xlsx"
    report_build(user=city_officer, node=counted.city, month=today, path=path)
    ws = openpyxl.load_workbook(path)["会籍变化"]
    header = [c.value for c in ws[3]]
    totals = dict(zip(header, [c.value for c in ws[ws.max_row]]))
    assert totals["1 入会"] == 1 and totals["2 转入"] == 1 and totals["4 转出"] == 1
    assert totals["3 保留"] == 1 and totals["6 退会"] == 0
    assert totals["月末保留会籍人数"] == 1
    assert not any(is_formula_like(c.value) for r in ws.iter_rows() for c in r)


def test_the_roster_export_has_the_card_number(tree, city_officer, tmp_path):
    path = tmp_path / "roster.xlsx"
    roster_export(user=city_officer, node=tree.city, path=path)
    with translation.override("zh-hans"):
        headers = roster_headers()
    assert headers[-1] == "会员卡号"
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(
        min_row=TITLE_ROWS + 1, values_only=True))
    assert {r[-1] for r in rows} == {tree.member_a.card_no, tree.member_b.card_no}


@pytest.mark.usefixtures("import_media")
def test_the_import_issues_cards_and_join_events_for_new_rows(tree, editor_a):
    ids = [f.resident_id(), f.resident_id()]
    commit(check(tree.union_a, editor_a, xlsx([row("王五", ids[0]), row("赵六", ids[1])])), editor_a)
    new = Member.objects.with_resident_ids(ids).order_by("card_no")
    assert [m.card_no for m in new] == [f"{tree.union_a.pk:06d}-{n:06d}" for n in (2, 3)]
    assert MemberEvent.objects.filter(member__in=new, change_type=ChangeType.JOIN).count() == 2


def test_seeding_gives_every_member_a_unique_card_and_continues_the_sequence(db):
    from members.models import CardCounter
    from seeding.generate import DataSet
    from seeding.load import load
    from seeding.spec import CITY

    cards = [r[-1] for r in DataSet(CITY.scaled(0.0005), seed=3).member_rows()]
    assert cards == [r[-1] for r in DataSet(CITY.scaled(0.0005), seed=3).member_rows()]
    load(DataSet(CITY.scaled(0.0005), seed=3))
    stored = list(Member.objects.values_list("card_no", flat=True))
    assert len(stored) == len(set(stored)) and "" not in stored
    union = Member.objects.order_by("pk").first().union
    assert CardCounter.objects.get(pk=union.pk).last == union.members.count()
    from organizations.models import Role, Union

    officer = f.staff("officer", Union.objects.get_first_root_node(), Role.ADMIN)
    added = services.member_create(union=union, by=officer, name="王五", resident_id=f.resident_id(),
                                   joined_on=D(2025, 1, 1))
    assert added.card_no == f"{union.pk:06d}-{union.members.count():06d}"
