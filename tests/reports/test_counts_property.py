"""Property: after any sequence of changes through the services, counters equal a recount.

The recount compares the subtree roll-ups (counting.rollup: folded totals plus deltas) of every
node with those rebuilt from the raw tables too; folds happen at random points in between.

Hypothesis draws sequences of operations on the small tree; each operation picks its objects
by index among what exists at that moment, so every drawn sequence can run. Operations the
services refuse (ValidationError) change nothing and are part of the property too.
"""

from __future__ import annotations

import datetime
import itertools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from counting.figures import Figures
from counting.rollup import totals_fold
from members import services as member_services
from members import transfers
from members.models import Member, MemberStatus, TransferRequest, TransferStatus
from members.union_merge.services import union_merge
from organizations import services as org_services
from organizations.lifecycle import founding
from organizations.lifecycle.ending import employer_close, union_dissolve
from organizations.lifecycle.moves import union_move
from organizations.models import Employer, Formation, Level, Union, UnionStatus
from reports.selectors import rollup_by_child
from tests import factories as f
from tests.reports.conftest import assert_counts_agree_with_recount

TODAY = timezone.localdate()
DAYS = (TODAY, TODAY.replace(day=1), datetime.date(2021, 6, 1))
_ids = itertools.count(50_000)

flags = st.fixed_dictionaries({
    "is_migrant": st.booleans(),
    "new_form_category": st.sampled_from(["", "courier", "rider"]),
    "eight_group": st.sampled_from(["", "carer", "security"]),
    "joined_on": st.sampled_from(DAYS),
    "female": st.booleans(),
})
index = st.integers(min_value=0, max_value=50)
operations = st.one_of(
    st.tuples(st.just("member_create"), index, flags),
    st.tuples(st.just("member_update"), index, flags),
    st.tuples(st.just("member_leave"), index),
    st.tuples(st.just("member_transfer"), index, index),
    st.tuples(st.just("member_leave_reason"), index, st.sampled_from(["", "1", "5", "6"]),
              st.sampled_from(["leave", "expel"])),
    st.tuples(st.just("member_keep"), index, st.sampled_from(DAYS)),
    st.tuples(st.just("member_return"), index, st.sampled_from(DAYS)),
    st.tuples(st.just("transfer_request"), index, index, st.booleans(), st.booleans()),
    st.tuples(st.just("employer_create"), index, st.sampled_from([5, 99, 100, 480])),
    st.tuples(st.just("employer_update"), index, index, st.sampled_from([0, 100, 250])),
    st.tuples(st.just("union_create"), index, st.sampled_from([Formation.INDEPENDENT, Formation.JOINT]),
              st.lists(index, min_size=1, max_size=3)),
    st.tuples(st.just("union_recover"), index, st.lists(index, min_size=1, max_size=3)),
    st.tuples(st.just("union_status"), index, st.sampled_from(list(UnionStatus))),
    st.tuples(st.just("union_move"), index, index),
    st.tuples(st.just("union_found"), index, st.sampled_from(DAYS[:2])),
    st.tuples(st.just("union_dissolve"), index, st.booleans()),
    st.tuples(st.just("union_merge"), index, index),
    st.tuples(st.just("employer_close"), index, st.sampled_from(["closed", "revoked", "moved_out"])),
    st.tuples(st.just("totals_fold")),
)


def _pick(items: list, i: int):
    return items[i % len(items)] if items else None


def _grassroots() -> list[Union]:
    return list(Union.objects.filter(level=Level.GRASSROOTS).order_by("pk"))


def _federations() -> list[Union]:
    return list(Union.objects.exclude(level=Level.GRASSROOTS).exclude(level=Level.CITY).order_by("pk"))


def _active_members() -> list[Member]:
    return list(Member.objects.filter(status=MemberStatus.ACTIVE).order_by("pk"))


def _member_fields(values: dict) -> dict:
    fields = {k: v for k, v in values.items() if k != "female"}
    fields["resident_id"] = f.resident_id(next(_ids), female=values["female"])
    return fields


def _run(op: tuple, by) -> None:
    kind = op[0]
    if kind == "totals_fold":  # the beat's job may run between any two changes
        totals_fold()
    elif kind == "member_create":
        union = _pick(_grassroots(), op[1])
        member_services.member_create(union=union, by=by, name="甲", **_member_fields(op[2]))
    elif kind == "member_update":
        member = _pick(_active_members(), op[1])
        if member:
            member_services.member_update(member=member, by=by, version=None, **_member_fields(op[2]))
    elif kind == "member_leave":
        member = _pick(_active_members(), op[1])
        if member:
            member_services.member_leave(member=member, by=by, version=None)
    elif kind == "member_transfer":
        member = _pick(_active_members(), op[1])
        if member:
            member_services.member_transfer(member=member, to_union=_pick(_grassroots(), op[2]), by=by)
    elif kind.startswith(("member_", "transfer_")):
        _run_member_life(op, by)
    else:
        _run_organization(op, by)


def _ended_or_kept() -> list[Member]:
    return list(Member.objects.filter(status__in=[MemberStatus.KEPT, MemberStatus.LEFT]).order_by("pk"))


def _run_member_life(op: tuple, by) -> None:
    """Leave with a reason, keep (保留会籍), return, and a transfer request accepted or
    rejected: each through its service, as the pages call them."""
    kind = op[0]
    if kind == "member_leave_reason":
        member = _pick(list(Member.objects.current().order_by("pk")), op[1])
        if member:
            member_services.member_leave(member=member, by=by, version=None, reason=op[2],
                                         kind=op[3], on=max(member.joined_on, TODAY))
    elif kind == "member_keep":
        member = _pick(_active_members(), op[1])
        if member:
            member_services.member_keep(member=member, by=by, version=None, on=TODAY)
    elif kind == "member_return":
        member = _pick(_ended_or_kept(), op[1])
        if member:
            member_services.member_return(member=member, by=by, version=None, on=TODAY)
    elif kind == "transfer_request":
        member = _pick(list(Member.objects.current().order_by("pk")), op[1])
        to_union = _pick(_grassroots(), op[2])
        if member is None or to_union.pk == member.union_id:
            return
        # The city officer holds both sides; the request row is made as another area's would.
        req = TransferRequest.objects.create(member=member, from_union=member.union,
                                             to_union=to_union, started_by_side="from",
                                             requested_by=by)
        if op[3]:
            transfers.transfer_request_accept(request=req, by=by)
        else:
            transfers.transfer_request_reject(request=req, by=by, reason="不同意")
        assert TransferRequest.objects.get(pk=req.pk).status != TransferStatus.PENDING


def _run_organization(op: tuple, by) -> None:
    kind, employers = op[0], list(Employer.objects.order_by("pk"))
    if kind == "employer_create":
        org_services.employer_create(
            by=by, name=f"企业{next(_ids)}", credit_code=f.credit_code(next(_ids)),
            ownership="private", node=_pick(_federations(), op[1]), employees=op[2])
    elif kind == "employer_update":
        org_services.employer_update(employer=_pick(employers, op[1]), by=by, version=None,
                                     node=_pick(_federations(), op[2]), employees=op[3])
    elif kind == "union_create":
        free = [e for e in employers if e.union_id is None and e.status == "open"] or [
            org_services.employer_create(by=by, name=f"企业{next(_ids)}", ownership="private",
                                         credit_code=f.credit_code(next(_ids)),
                                         node=_pick(_federations(), op[1]), employees=120)]
        picks = op[3][:1] if op[2] == Formation.INDEPENDENT else op[3]
        chosen = {_pick(free, i) for i in picks} - {None}
        founded = {"status": UnionStatus.ACTIVE, "founded_on": TODAY} if op[1] % 3 == 0 else {}
        org_services.union_create(parent=_pick(_federations(), op[1]), level=Level.GRASSROOTS, by=by,
                                  employers=chosen, name="工会", formation=op[2], **founded)
    elif kind == "union_recover":
        union = _pick(_grassroots(), op[1])
        chosen = {_pick(employers, i) for i in op[2]}
        org_services.union_update(union=union, by=by, version=None, employers=chosen)
    elif kind == "union_status":
        org_services.union_update(union=_pick(_grassroots(), op[1]), by=by, version=None, status=op[2])
    elif kind == "union_move":
        # 组织关系转入/转出: a grassroots union moves under another federation.
        union_move(union=_pick(_grassroots(), op[1]), to_parent=_pick(_federations(), op[2]), by=by)
    else:
        _run_life(op, by, employers)


def _run_life(op: tuple, by, employers: list[Employer]) -> None:
    kind = op[0]
    if kind == "union_found":  # 筹备 → 批复 → 成立, as far as the union's state allows
        waiting = [u for u in _grassroots() if u.status in (UnionStatus.PREPARING, UnionStatus.APPROVED)]
        union = _pick(waiting or _grassroots(), op[1])
        if union.status == UnionStatus.PREPARING:
            union = founding.union_approve(union=union, by=by, number="批1", on=op[2])
        founding.union_found(union=union, by=by, on=op[2], certificate_number="证1")
    elif kind == "union_dissolve":
        empty = [u for u in _grassroots() if not u.members.filter(status=MemberStatus.ACTIVE).exists()]
        union_dissolve(union=_pick(empty or _grassroots(), op[1]), by=by, on=TODAY, reason="注销",
                       release_employers=op[2])
    elif kind == "union_merge":
        union_merge(source=_pick(_grassroots(), op[1]), target=_pick(_grassroots(), op[2]), by=by)
    elif kind == "employer_close":
        employer_close(employer=_pick(employers, op[1]), by=by, status=op[2], on=TODAY)


def assert_rollup_by_child_is_the_raw_count(node: Union) -> None:
    groups = rollup_by_child(node)
    for kid in Union.objects.filter(path__startswith=node.path, depth=node.depth + 1):
        raw = Member.objects.filter(status=MemberStatus.ACTIVE, union__path__startswith=kid.path)
        assert groups.get(kid.path, Figures()).members == raw.count(), kid


def _live_members_of_city(city: Union) -> int:
    return Member.objects.filter(status=MemberStatus.ACTIVE, union__path__startswith=city.path).count()


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(operations, min_size=1, max_size=10))
def test_counters_equal_a_recount_after_any_sequence_of_changes(counted, city_officer, ops):
    with transaction.atomic():
        for op in ops:
            try:
                with transaction.atomic():
                    _run(op, city_officer)
                event(f"{op[0]} done")
            except ValidationError:
                event(f"{op[0]} refused")  # the counters must not have moved either
            assert_counts_agree_with_recount()
        city = Union.objects.get(pk=counted.city.pk)
        totals = sum(rollup_by_child(city).values(), Figures())
        assert totals.members == _live_members_of_city(city)
        for node in Union.objects.exclude(level=Level.GRASSROOTS):  # each child, as read
            assert_rollup_by_child_is_the_raw_count(node)
        transaction.set_rollback(True)  # the next example starts from the same tree
