"""The member page's timeline: who changed what and when, from django-simple-history's rows.

The resident ID is never shown in full (masked before and after), and the birth date, which
the masked ID hides, is not shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from members.identity import mask_resident_id
from members.models import Member
from organizations.models import Employer

HIDDEN = {"birth_date", "version", "history_change_reason"}
MASKED = {"resident_id"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class TimelineEntry:
    at: object
    user: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _shown(name: str, value, employers: dict) -> str:
    if value in (None, ""):
        return "—"
    if name in MASKED:
        return mask_resident_id(str(value))
    if name == "employer":
        employer = employers.get(value)
        return employer.name if employer else "—"
    return str(value)


def member_timeline(member: Member, *, limit: int = 100) -> list[TimelineEntry]:
    """Newest first. The caller has checked that the member lies in the user's scope."""
    records = list(member.history.select_related("history_user").order_by(
        "history_date", "history_id"))[-limit:]
    employer_ids = {r.employer_id for r in records if r.employer_id}
    employers = Employer.objects.in_bulk(employer_ids)
    labels = {f.name: str(f.verbose_name) for f in Member._meta.fields}
    entries, previous = [], None
    for record in records:
        entry = TimelineEntry(
            at=record.history_date,
            user=record.history_user.get_username() if record.history_user else "—",
            action=record.history_change_reason or record.get_history_type_display())
        if previous is not None:
            for change in record.diff_against(previous).changes:
                if change.field in HIDDEN:
                    continue
                name = change.field
                entry.changes.append(Change(labels.get(name, name),
                                            _shown(name, change.old, employers),
                                            _shown(name, change.new, employers)))
        entries.append(entry)
        previous = record
    return entries[::-1]
