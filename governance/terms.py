"""Term arithmetic of union committees (换届).

A committee elected for N years serves until the same calendar day N years after its term
started; from that day on a new election is due. A term that starts on 29 February ends on
28 February of a year that has none. A union is *due* from DUE_WINDOW_DAYS before its term ends.
"""

from __future__ import annotations

import datetime

DUE_WINDOW_DAYS = 90


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def term_end_of(start: datetime.date, years: int) -> datetime.date:
    return add_years(start, years)


def due_from(today: datetime.date) -> datetime.date:
    """Terms ending on or before this day are due for election (or overdue) today."""
    return today + datetime.timedelta(days=DUE_WINDOW_DAYS)


def days_overdue(term_end: datetime.date, today: datetime.date) -> int:
    """Days since the term ended; negative while it runs (minus the days left)."""
    return (today - term_end).days


def is_current(term_end: datetime.date, today: datetime.date) -> bool:
    """A committee is current until its term has ended."""
    return term_end > today
