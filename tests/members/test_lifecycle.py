"""Leave with reason, keep (保留会籍), return, card numbers, events and history of a member."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from counting.models import NodeCounts
from members import services
from members.models import CardCounter, ChangeType, EventKind, Member, MemberEvent, MemberStatus
from members.phones import is_valid_phone
from tests import factories as f
from tests.reports.conftest import assert_counts_agree_with_recount, counted  # noqa: F401

D = datetime.date


def _counts(union):
    return NodeCounts.objects.get(pk=union.pk)


def test_leave_refuses_a_date_before_joining(counted, editor_a):
    member = counted.member_a  # joined 2024-01-15
    with pytest.raises(ValidationError):
        services.member_leave(member=member, by=editor_a, version=None, on=D(2023, 12, 31))
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ACTIVE


def test_leave_records_the_national_type_and_reason(counted, editor_a):
    left = services.member_leave(member=counted.member_a, by=editor_a, version=None,
                                 on=D(2025, 3, 1), reason="5")
    event = MemberEvent.objects.get(member=left)
    assert (event.change_type, event.reason, event.date) == (ChangeType.LEAVE, "5", D(2025, 3, 1))
    other = services.member_create(union=counted.union_a, by=editor_a, name="王五",
                                   resident_id=f.resident_id(), joined_on=D(2024, 2, 1))
    expelled = services.member_leave(member=other, by=editor_a, version=None,
                                     kind=EventKind.EXPEL, reason="6")
    assert MemberEvent.objects.filter(member=expelled).last().change_type == ChangeType.EXPEL
    assert_counts_agree_with_recount()


def test_kept_members_are_counted_apart(counted, editor_a):
    kept = services.member_keep(member=counted.member_a, by=editor_a, version=None,
                                on=D(2025, 5, 1), reason="3")
    assert kept.status == MemberStatus.KEPT
    row = _counts(counted.union_a)
    assert (row.members, row.members_kept) == (0, 1)
    assert MemberEvent.objects.get(member=kept).change_type == ChangeType.KEEP
    assert_counts_agree_with_recount()


def test_return_reactivates_the_same_record_with_its_card(counted, editor_a):
    card = counted.member_a.card_no
    kept = services.member_keep(member=counted.member_a, by=editor_a, version=None, on=D(2025, 5, 1))
    back = services.member_return(member=kept, by=editor_a, version=None, on=D(2025, 9, 1))
    assert back.pk == counted.member_a.pk and back.card_no == card
    assert back.status == MemberStatus.ACTIVE
    assert Member.objects.filter(resident_id_hash=back.resident_id_hash).count() == 1
    assert _counts(counted.union_a).members_kept == 0
    assert_counts_agree_with_recount()


def test_adding_a_former_member_again_returns_their_record(counted, editor_a):
    member = counted.member_a
    services.member_leave(member=member, by=editor_a, version=None, on=D(2025, 1, 1))
    again = services.member_create(union=counted.union_a, by=editor_a, name=member.name,
                                   resident_id=member.resident_id, joined_on=D(2025, 6, 1))
    assert again.pk == member.pk and again.status == MemberStatus.ACTIVE
    kinds = list(MemberEvent.objects.filter(member=member).values_list("kind", flat=True))
    assert kinds == [EventKind.LEAVE, EventKind.RETURN]
    assert_counts_agree_with_recount()


def test_a_kept_member_cannot_join_another_union(counted, city_officer):
    services.member_keep(member=counted.member_a, by=city_officer, version=None)
    with pytest.raises(ValidationError):
        services.member_create(union=counted.union_b, by=city_officer, name="张三",
                               resident_id=counted.member_a.resident_id, joined_on=D(2025, 1, 1))


def test_cards_are_unique_readable_and_follow_a_transfer(counted, city_officer):
    a = counted.member_a
    assert a.card_no == f"{counted.union_a.pk:06d}-000001"
    second = services.member_create(union=counted.union_a, by=city_officer, name="王五",
                                    resident_id=f.resident_id(), joined_on=D(2025, 1, 1))
    assert second.card_no == f"{counted.union_a.pk:06d}-000002"
    assert CardCounter.objects.get(pk=counted.union_a.pk).last == 2
    moved = services.member_transfer(member=a, to_union=counted.union_b, by=city_officer)
    assert moved.card_no == a.card_no
    kinds = [e.change_type for e in MemberEvent.objects.filter(member__in=[a, moved]).order_by("pk")]
    assert kinds == [ChangeType.TRANSFER_OUT, ChangeType.TRANSFER_IN]


def test_the_employer_is_preselected_when_the_union_covers_one(counted, city_officer):
    moved = services.member_transfer(member=counted.member_a, to_union=counted.union_b,
                                     by=city_officer)
    assert moved.employer == counted.employer_b


@pytest.mark.parametrize("phone,ok", [
    ("13800001111", True), ("19912345678", True), ("+86 13800001111", True),
    ("0510-82345678", True), ("051082345678", True), ("010-12345678-123", True),
    ("12800001111", False), ("1380000111", False), ("82345678", False), ("abc", False),
])
def test_phone_numbers_are_chinese_mobile_or_landline(phone, ok):
    assert is_valid_phone(phone) is ok


def test_a_bad_phone_is_refused(counted, editor_a):
    with pytest.raises(ValidationError) as caught:
        services.member_update(member=counted.member_a, by=editor_a, version=None, phone="12345")
    assert "phone" in caught.value.message_dict


def test_history_records_who_changed_what(counted, editor_a):
    services.member_update(member=counted.member_a, by=editor_a, version=None, phone="13900002222")
    record = counted.member_a.history.latest()
    assert record.history_user == editor_a and record.phone == "13900002222"
    assert record.history_change_reason == "member.update"
