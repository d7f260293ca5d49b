"""Month arithmetic: every figure of the registry belongs to a calendar month."""

from __future__ import annotations

import datetime


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month_start(month) + datetime.timedelta(days=32)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return month_start(month_start(month) - datetime.timedelta(days=1))


def month_end(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of every month from `first`'s to `last`'s, both included."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months
