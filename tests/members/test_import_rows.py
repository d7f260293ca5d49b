"""Rows of a roster: new, updated, unchanged, duplicated, elsewhere; commit and its counters."""

from __future__ import annotations

import datetime

import pytest

from counting.models import NodeCounts
from members.importing.models import ImportBatch, ImportStatus
from members.models import Member, MemberStatus
from tests import factories as f
from tests.members.import_support import HEADERS, check, commit, import_media, reasons, row, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]


def _counts(union) -> NodeCounts:
    return NodeCounts.objects.get_or_create(node=union)[0]


def test_it_previews_then_commits_new_members_with_their_counts(tree, editor_a):
    before = _counts(tree.union_a).members
    ids = [f.resident_id(), f.resident_id(female=True)]
    data = xlsx([row("王五", ids[0], migrant="是", eight="快递员"),
                 row("赵六", ids[1], new_form="外卖骑手")])
    batch = check(tree.union_a, editor_a, data)
    assert (batch.status, batch.count_new, batch.count_error) == ("validated", 2, 0)
    assert not Member.objects.with_resident_ids(ids).exists()  # preview writes nothing
    batch = commit(batch, editor_a)
    assert batch.status == ImportStatus.COMMITTED and batch.committed_new == 2
    wang = Member.objects.with_resident_id(ids[0]).get()
    assert (wang.union, wang.is_migrant, wang.eight_group, wang.gender) == (
        tree.union_a, True, "courier", "M")
    counts = _counts(tree.union_a)
    counts.refresh_from_db()
    assert counts.members == before + 2
    assert (counts.members_migrant, counts.members_new_form, counts.members_eight_group) == (1, 1, 1)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tree, editor_a):
    data = xlsx([row(f"会员{n}", f.resident_id()) for n in range(5)])
    commit(check(tree.union_a, editor_a, data), editor_a)
    total = Member.objects.count()
    second = check(tree.union_a, editor_a, data)
    assert (second.count_new, second.count_updated, second.count_unchanged) == (0, 0, 5)
    assert not second.can_commit
    assert Member.objects.count() == total


def test_a_member_of_this_union_is_updated_field_by_field(tree, editor_a):
    member = tree.member_a  # 张三, phone 13800001111, joined 2024-01-15
    data = xlsx([[member.name, member.resident_id, "", datetime.date(2024, 1, 15), "是"]],
                headers=HEADERS[:5])
    batch = check(tree.union_a, editor_a, data)
    assert (batch.count_new, batch.count_updated) == (0, 1)
    commit(batch, editor_a)
    member.refresh_from_db()
    assert member.is_migrant is True
    assert member.phone == "13800001111"  # a blank cell leaves the value as it was
    assert member.version == 2
    assert _counts(tree.union_a).members_migrant == 1


def test_the_same_id_twice_in_the_file_reports_both_rows(tree, editor_a):
    twice = f.resident_id()
    data = xlsx([row("甲", twice), row("乙", f.resident_id()), row("丙", twice)])
    batch = check(tree.union_a, editor_a, data)
    assert reasons(batch) == [(2, "dup_in_file"), (4, "dup_in_file")]
    assert batch.errors[0][4] == {"rows": "2、4"}
    assert (batch.count_new, batch.count_error) == (1, 2)


def test_a_member_of_another_union_in_scope_needs_a_transfer(tree, city_officer):
    data = xlsx([row("李四", tree.member_b.resident_id)])
    batch = check(tree.union_a, city_officer, data)
    assert reasons(batch) == [(2, "member_elsewhere")]
    assert batch.errors[0][4] == {"union": tree.union_b.name}


def test_a_member_outside_the_users_scope_is_not_revealed(tree, editor_a):
    data = xlsx([row("李四", tree.member_b.resident_id)])
    batch = check(tree.union_a, editor_a, data)
    assert reasons(batch) == [(2, "member_outside")]
    assert tree.union_b.name not in str(batch.errors)


def test_all_or_nothing_with_errors_writes_nothing(tree, editor_a):
    data = xlsx([row("好", f.resident_id()), row("坏", "123")])
    batch = check(tree.union_a, editor_a, data)
    total = Member.objects.count()
    batch = commit(batch, editor_a, all_or_nothing=True)
    assert batch.status == ImportStatus.VALIDATED and batch.problem["code"] == "had_errors"
    assert Member.objects.count() == total
    batch = commit(batch, editor_a)  # the valid rows only
    assert batch.status == ImportStatus.COMMITTED and Member.objects.count() == total + 1


def test_all_or_nothing_rolls_back_when_the_registry_changed_meanwhile(tree, editor_a):
    taken, free = f.resident_id(), f.resident_id()
    batch = check(tree.union_a, editor_a, xlsx([row("甲", taken), row("乙", free)]))
    f.member(tree.union_b, resident_id=taken)  # registered elsewhere after the check
    total = Member.objects.count()
    batch = commit(batch, editor_a, all_or_nothing=True)
    assert batch.status == ImportStatus.STALE and batch.problem["code"] == "stale"
    assert Member.objects.count() == total


def test_without_all_or_nothing_a_row_taken_meanwhile_is_skipped_and_reported(tree, editor_a):
    taken, free = f.resident_id(), f.resident_id()
    batch = check(tree.union_a, editor_a, xlsx([row("甲", taken), row("乙", free)]))
    f.member(tree.union_b, resident_id=taken)
    batch = commit(batch, editor_a)
    assert batch.status == ImportStatus.COMMITTED and batch.committed_new == 1
    assert reasons(batch) == [(2, "member_outside")]


def test_a_federation_import_places_rows_by_the_union_column(tree, editor_a):
    new_id = f.resident_id()
    headers = HEADERS[:4] + ["所属工会", "工作单位"]
    data = xlsx([["周七", new_id, "", "2021-06-01", " 甲公司工会委员会 ", "甲公司"],
                 ["吴八", f.resident_id(), "", "2021-06-01", "乙公司工会委员会", ""],
                 ["郑九", f.resident_id(), "", "2021-06-01", "", ""]], headers=headers)
    batch = check(tree.county_a, editor_a, data)
    assert reasons(batch) == [(3, "union_unknown"), (4, "union_required")]
    commit(batch, editor_a)
    member = Member.objects.with_resident_id(new_id).get()
    assert (member.union, member.employer) == (tree.union_a, tree.employer_a)


def test_a_federation_import_without_the_union_column_is_refused(tree, editor_a):
    batch = check(tree.county_a, editor_a, xlsx([row("周七", f.resident_id())]))
    assert batch.status == ImportStatus.REFUSED
    assert batch.problem == {"code": "missing_columns", "params": {"columns": "所属工会"}}


def test_extra_columns_are_ignored_and_reported(tree, editor_a):
    data = xlsx([["周七", f.resident_id(), "2021-06-01", "备注内容"]],
                headers=["名字", "公民身份号码", "入会时间", "备注"])
    batch = check(tree.union_a, editor_a, data)
    assert batch.extra_columns == ["备注"] and batch.count_new == 1


def test_the_template_example_row_is_reported_not_imported(tree, editor_a):
    from members.importing.template import template_workbook

    batch = check(tree.union_a, editor_a, template_workbook())
    assert reasons(batch) == [(2, "example_row")]
    assert batch.count_new == 0


def test_a_joined_date_before_birth_is_an_error(tree, editor_a):
    data = xlsx([row("早", f.resident_id(birth="19900101"), joined="1980-01-01")])
    assert reasons(check(tree.union_a, editor_a, data)) == [(2, "date_before_birth")]


def test_a_former_member_can_be_imported_again(tree, editor_a):
    member = tree.member_a
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.LEFT)
    batch = check(tree.union_a, editor_a, xlsx([row(member.name, member.resident_id)]))
    assert batch.count_new == 1


def test_old_files_are_purged_but_the_record_stays(tree, editor_a):
    from members.importing.jobs import import_files_purge

    batch = check(tree.union_a, editor_a, xlsx([row("甲", f.resident_id())]))
    path = batch.file.path
    ImportBatch.objects.filter(pk=batch.pk).update(
        keep_until=datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))
    assert import_files_purge() == 1
    batch.refresh_from_db()
    assert not batch.file and batch.file_purged_at is not None and batch.count_new == 1
    import os
    assert not os.path.exists(path)


def test_the_recount_agrees_with_the_counters_after_an_import(tree, editor_a):
    from counting.recount import counts_rebuild

    counts_rebuild(repair=True)  # the fixture's rows were made without the services
    member = tree.member_a
    data = xlsx([row("新人", f.resident_id(female=True), migrant="是", new_form="快递员",
                     joined=datetime.date.today()),
                 row(member.name, member.resident_id, migrant="是", eight="保安员")])
    batch = commit(check(tree.union_a, editor_a, data), editor_a)
    assert (batch.committed_new, batch.committed_updated) == (1, 1)
    assert counts_rebuild(repair=False).clean
