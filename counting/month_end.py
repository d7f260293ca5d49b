"""Month-end figures of every node, computed from the raw tables by dates.

A member counts at the end of month M if joined_on <= end(M) and the membership is active or
ended (left, transferred out) after end(M). A membership that was ever kept (保留会籍) or
returned has more than one period; those few are followed event by event (`_timelines`): at
end(M) such a membership counts as a member, as kept (`members_kept`), or not at all. A union
is built at end(M) if it was founded by then and not dissolved by then
(`counting.rules.built_at`). An employer counts at end(M) unless it closed or moved out by then;
its staff and where it sits are taken as they are now. The tree is the present tree (the
snapshots already written keep the tree of their month).

All the months of a range are computed in one pass: members are grouped by (union, month
joined) and (union, month ended), everything before the range folded into one bucket, then
summed up month by month and up the tree in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, DateField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Greatest, TruncMonth

from counting.figures import FIGURE_FIELDS
from counting.months import month_end, month_start, next_month, previous_month
from counting.recount import employer_counts_fresh
from counting.rules import (
    KEPT_FIGURE,
    MEMBER_COLUMNS,
    MEMBER_FIGURES,
    built_at,
    employer_counted_at,
    employer_figures,
    member_figures,
    member_figures_q,
)
from members.models import EventKind, Member, MemberEvent, MemberStatus
from organizations.models import Employer, EmployerStatus, Formation, Union

INDEX = {name: i for i, name in enumerate(FIGURE_FIELDS)}
WIDTH = len(FIGURE_FIELDS)
MEMBER_FLAGS = MEMBER_FIGURES


def _flag_counts() -> dict:
    return {figure: Count("id", filter=q) for figure, q in member_figures_q().items()}


# Events that give a membership more than one period (see _timelines).
PERIOD_EVENTS = (EventKind.KEEP, EventKind.RETURN)
STATE_OF_EVENT = {
    EventKind.KEEP: "kept", EventKind.RETURN: "active", EventKind.LEAVE: None,
    EventKind.EXPEL: None, EventKind.TRANSFER_OUT: None,
}


def _has_periods() -> Q:
    periods = MemberEvent.objects.filter(member=OuterRef("pk"), kind__in=PERIOD_EVENTS)
    return Q(Exists(periods)) | Q(status=MemberStatus.KEPT)


def _population():
    # An ended membership without a (sensible) end date never counts at any month end.
    return Member.objects.filter(
        Q(status=MemberStatus.ACTIVE) | Q(left_on__isnull=False, left_on__gte=F("joined_on"))
    ).exclude(_has_periods())


def _bucketed(qs, date_field: str, base: datetime.date):
    bucket = Greatest(TruncMonth(date_field), Value(base, output_field=DateField()))
    return qs.annotate(m=bucket).values("union_id", "m").annotate(**_flag_counts()).order_by()


def _as_month(value) -> datetime.date:
    if isinstance(value, str):  # SQLite hands dates back as text from GREATEST()
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value


def member_flows(months: list[datetime.date]) -> dict[int, list[int]]:
    """Per union: the member figures at each month end of `months`, flattened (WIDTH per month)."""
    base, end = previous_month(months[0]), next_month(months[-1]) - datetime.timedelta(days=1)
    slot = {m: i for i, m in enumerate(months)}
    pop = _population().filter(joined_on__lte=end)
    deltas: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0] * len(MEMBER_FLAGS)))
    ended = pop.exclude(status=MemberStatus.ACTIVE).filter(left_on__lte=end)
    for qs, sign in ((_bucketed(pop, "joined_on", base), 1), (_bucketed(ended, "left_on", base), -1)):
        for row in qs:
            vector = deltas[row["union_id"]][slot.get(_as_month(row["m"]), -1)]
            for i, flag in enumerate(MEMBER_FLAGS):
                vector[i] += sign * row[flag]
    result: dict[int, list[int]] = {}
    for union_id, by_slot in deltas.items():
        running, flat = [0] * len(MEMBER_FLAGS), [0] * (WIDTH * len(months))
        for s in range(-1, len(months)):
            running = [a + b for a, b in zip(running, by_slot.get(s, (0,) * len(MEMBER_FLAGS)))]
            if s >= 0:
                for i, flag in enumerate(MEMBER_FLAGS):
                    flat[s * WIDTH + INDEX[flag]] = running[i]
        result[union_id] = flat
    _add_new_members(result, months, pop, base)
    _timelines(result, months)
    return result


def _state_at(joined: datetime.date, events: list[tuple[datetime.date, str]],
              end: datetime.date) -> str | None:
    """"active", "kept" or None (not a member) at the day `end`."""
    if joined > end:
        return None
    state: str | None = "active"
    for day, kind in events:
        if day > end:
            break
        state = STATE_OF_EVENT.get(kind, state)
    return state


def _timelines(result: dict[int, list[int]], months: list[datetime.date]) -> None:
    """Add the memberships with periods (kept, returned), each followed through its events."""
    members = Member.objects.filter(_has_periods()).order_by()
    rows = {m["id"]: m for m in members.values("id", "left_on", *MEMBER_COLUMNS)}
    if not rows:
        return
    events: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for member_id, day, kind in (MemberEvent.objects.filter(member_id__in=list(rows))
                                 .exclude(kind__in=(EventKind.JOIN, EventKind.TRANSFER_IN))
                                 .order_by("date", "pk").values_list("member_id", "date", "kind")):
        events[member_id].append((day, kind))
    ends = [next_month(m) - datetime.timedelta(days=1) for m in months]
    for member_id, row in rows.items():
        timeline = events[member_id]
        if row["status"] == MemberStatus.KEPT and not any(k == EventKind.KEEP for _d, k in timeline):
            timeline = [(row["joined_on"], EventKind.KEEP), *timeline]  # kept with no record of when
        flat = result.setdefault(row["union_id"], [0] * (WIDTH * len(months)))
        for s, (month, end) in enumerate(zip(months, ends)):
            state = _state_at(row["joined_on"], timeline, end)
            if state == "kept":
                flat[s * WIDTH + INDEX[KEPT_FIGURE]] += 1
            elif state == "active":
                for figure, value in member_figures(row).items():
                    flat[s * WIDTH + INDEX[figure]] += value
                flat[s * WIDTH + INDEX["members_new"]] += int(month_start(row["joined_on"]) == month)


def _add_new_members(result: dict[int, list[int]], months, pop, base) -> None:
    """Members who joined in the month and were still members at its end."""
    slot = {m: i for i, m in enumerate(months)}
    joined = pop.filter(joined_on__gte=months[0]).annotate(m=TruncMonth("joined_on"))
    same_month = joined.exclude(status=MemberStatus.ACTIVE).annotate(lm=TruncMonth("left_on")).filter(m=F("lm"))
    for qs, sign in ((joined, 1), (same_month, -1)):
        for row in qs.values("union_id", "m").annotate(n=Count("id")).order_by():
            s = slot.get(_as_month(row["m"]))
            if s is None:
                continue
            flat = result.setdefault(row["union_id"], [0] * (WIDTH * len(months)))
            flat[s * WIDTH + INDEX["members_new"]] += sign * row["n"]


def _union_figures(union: dict, months: list[datetime.date], flat: list[int]) -> None:
    founded = union["founded_on"]
    kind = "unions_independent" if union["formation"] == Formation.INDEPENDENT else "unions_joint"
    for s, month in enumerate(months):
        if not built_at(union, month_end(month)):
            continue
        flat[s * WIDTH + INDEX[kind]] = 1
        flat[s * WIDTH + INDEX["unions_new"]] = int(founded is not None and month_start(founded) == month)
        flat[s * WIDTH + INDEX["employers_covered"]] = flat[s * WIDTH + INDEX["employers"]]
        flat[s * WIDTH + INDEX["employers_100_covered"]] = flat[s * WIDTH + INDEX["employers_100"]]


def _closed_employers(totals_of, months: list[datetime.date]) -> None:
    """Employers closed or moved out since the first month: counted where they were, in the
    months before they closed (the open ones are counted by employer_counts_fresh)."""
    rows = Employer.objects.exclude(status=EmployerStatus.OPEN).filter(
        closed_on__gte=next_month(months[0]) - datetime.timedelta(days=1)
    ).values("union_id", "node_id", "employees", "migrant_employees", "status", "closed_on")
    for row in rows:
        flat = totals_of(row["union_id"] or row["node_id"])
        for s, month in enumerate(months):
            if employer_counted_at(row, month_end(month)):
                for name, value in employer_figures(row).items():
                    flat[s * WIDTH + INDEX[name]] += value


def month_end_figures(months: list[datetime.date]) -> dict[int, list[int]]:
    """Every node's figures at each month end, rolled up the tree; flattened per node."""
    size = WIDTH * len(months)
    unions = list(Union.objects.values(
        "id", "path", "level", "status", "formation", "founded_on", "dissolved_on").order_by())
    own = member_flows(months)
    employers = employer_counts_fresh()
    totals: dict[int, list[int]] = {}
    for union in unions:
        flat = own.get(union["id"]) or [0] * size
        for name, value in employers.get(union["id"], {}).items():
            for s in range(len(months)):
                flat[s * WIDTH + INDEX[name]] = value
        totals[union["id"]] = flat
    _closed_employers(lambda pk: totals[pk], months)
    for union in unions:
        _union_figures(union, months, totals[union["id"]])
    # Deepest first: each node adds its finished total into its parent's.
    id_of = {u["path"]: u["id"] for u in unions}
    for union in sorted(unions, key=lambda u: -len(u["path"])):
        parent = id_of.get(union["path"][: -Union.steplen])
        if parent is not None:
            child, into = totals[union["id"]], totals[parent]
            totals[parent] = [a + b for a, b in zip(into, child)]
    return totals
