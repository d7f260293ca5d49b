import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members import services
from members.models import Member, MemberStatus, MemberTransfer
from organizations.concurrency import ConflictError
from tests import factories as f


def test_database_allows_one_active_membership_per_person(tree):
    rid = tree.member_a.resident_id
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(union=tree.union_b, name="张三", resident_id=rid,
                              joined_on=datetime.date(2025, 1, 1))


def test_past_memberships_do_not_count(tree):
    rid = tree.member_a.resident_id
    Member.objects.filter(pk=tree.member_a.pk).update(status=MemberStatus.LEFT)
    again = Member.objects.create(union=tree.union_b, name="张三", resident_id=rid,
                                  joined_on=datetime.date(2025, 1, 1))
    assert again.status == MemberStatus.ACTIVE


def test_gender_and_birth_date_come_from_the_id(tree, editor_a):
    member = services.member_create(
        union=tree.union_a, by=editor_a, name="王芳",
        resident_id="11010519491231002x", joined_on=datetime.date(2024, 5, 1),
    )
    assert member.resident_id == "11010519491231002X"
    # The birth month only (the first of the month): the day is never stored.
    assert (member.gender, member.birth_date) == ("F", datetime.date(1949, 12, 1))


def test_bad_checksum_is_refused(tree, editor_a):
    with pytest.raises(ValidationError) as excinfo:
        services.member_create(union=tree.union_a, by=editor_a, name="错号",
                               resident_id="110105194912310021", joined_on=datetime.date(2024, 5, 1))
    assert excinfo.value.error_dict["resident_id"][0].code == "checksum"


def test_member_elsewhere_in_scope_is_named(tree, city_officer):
    with pytest.raises(ValidationError) as excinfo:
        services.member_create(union=tree.union_a, by=city_officer, name="李四",
                               resident_id=tree.member_b.resident_id, joined_on=datetime.date(2024, 5, 1))
    assert tree.union_b.name in excinfo.value.message_dict["resident_id"][0]


def test_member_outside_scope_is_not_revealed(tree, editor_a):
    with pytest.raises(ValidationError) as excinfo:
        services.member_create(union=tree.union_a, by=editor_a, name="李四",
                               resident_id=tree.member_b.resident_id, joined_on=datetime.date(2024, 5, 1))
    message = excinfo.value.message_dict["resident_id"][0]
    assert tree.union_b.name not in message and tree.county_b.name not in message
    assert Member.objects.with_resident_id(tree.member_b.resident_id).count() == 1


def test_employer_must_be_covered_by_the_union(tree, editor_a):
    with pytest.raises(ValidationError) as excinfo:
        services.member_create(union=tree.union_a, by=editor_a, name="王五", resident_id=f.resident_id(),
                               employer=tree.employer_b, joined_on=datetime.date(2024, 5, 1))
    assert "employer" in excinfo.value.message_dict


def test_members_join_grassroots_unions_only(tree, editor_a):
    with pytest.raises(ValidationError):
        services.member_create(union=tree.township_a, by=editor_a, name="王五",
                               resident_id=f.resident_id(), joined_on=datetime.date(2024, 5, 1))


def test_concurrent_edit_conflict(tree, editor_a, city_officer):
    version = tree.member_a.version
    services.member_update(member=tree.member_a, by=city_officer, version=version, phone="13900000001")
    with pytest.raises(ConflictError):
        services.member_update(member=tree.member_a, by=editor_a, version=version, phone="13900000002")
    assert Member.objects.get(pk=tree.member_a.pk).phone == "13900000001"


def test_transfer_keeps_history(tree, city_officer):
    moved = services.member_transfer(member=tree.member_a, to_union=tree.union_b, by=city_officer,
                                     on=datetime.date(2025, 6, 1))
    old = Member.objects.get(pk=tree.member_a.pk)
    assert old.status == MemberStatus.TRANSFERRED and old.left_on == datetime.date(2025, 6, 1)
    assert moved.union == tree.union_b and moved.status == MemberStatus.ACTIVE
    assert MemberTransfer.objects.get(from_member=old).to_member == moved


def test_leave(tree, editor_a):
    left = services.member_leave(member=tree.member_a, by=editor_a, version=tree.member_a.version)
    assert left.status == MemberStatus.LEFT and left.left_on is not None
    with pytest.raises(ValidationError):
        services.member_leave(member=left, by=editor_a, version=left.version)
