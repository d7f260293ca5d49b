"""Can a viewer rebuild a full resident ID from what a page, API answer or export row shows?

The masked ID keeps the region (first 6) and the last 4 characters and hides exactly the
8 birth-date digits: whoever also sees the full birth date holds the whole ID.
"""

from __future__ import annotations

import datetime

from members.identity import birth_date_of
from tests import factories as f

BIRTH = "19871123"


def member_born_on_a_distinct_day(union, **fields):
    """A member whose birth date appears nowhere else in the fixtures."""
    return f.member(union, resident_id=f.resident_id(birth=BIRTH), **fields)


def date_forms(day: datetime.date) -> set[str]:
    return {
        f"{day:%Y%m%d}", f"{day:%Y-%m-%d}", f"{day:%Y/%m/%d}", f"{day:%Y.%m.%d}",
        f"{day:%Y年%m月%d日}", f"{day.year}年{day.month}月{day.day}日",
    }


def rebuildable(text: str, member) -> list[str]:
    """What in `text` completes the member's masked ID: the full ID or the full birth date."""
    leaks = [form for form in date_forms(birth_date_of(member.resident_id)) if form in text]
    if member.resident_id in text:
        leaks.append(member.resident_id)
    return leaks


def rebuildable_from_values(values, member) -> list[object]:
    """The same for spreadsheet cells: a date cell holding the birth date leaks it too."""
    leaks: list[object] = []
    for value in values:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if value == birth_date_of(member.resident_id):
            leaks.append(value)
        elif isinstance(value, str):
            leaks += rebuildable(value, member)
    return leaks
