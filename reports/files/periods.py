"""The periods a report covers: a month, a quarter (季), a reporting year (年度).

A reporting year follows the federations' annual statistical survey (基层工会调查表): the year
named Y runs from 1 October of Y-1 to 30 September of Y, so "2026年度" is 2025-10-01..2026-09-30.
A generated report stores the first month of its period (GeneratedFile.month).
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from counting.months import month_end, month_range, month_start, previous_month

REPORTING_YEAR_FIRST_MONTH = 10  # October


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_months(first: datetime.date) -> list[datetime.date]:
    first = quarter_start(first)
    return month_range(first, datetime.date(first.year, first.month + 2, 1))


def quarter_number(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def reporting_year_of(day: datetime.date) -> int:
    """The reporting year a day falls in (October onwards belongs to the next year's)."""
    return day.year + 1 if day.month >= REPORTING_YEAR_FIRST_MONTH else day.year


def reporting_year_start(year: int) -> datetime.date:
    return datetime.date(year - 1, REPORTING_YEAR_FIRST_MONTH, 1)


def reporting_year_months(year: int) -> list[datetime.date]:
    first = reporting_year_start(year)
    return month_range(first, datetime.date(year, REPORTING_YEAR_FIRST_MONTH - 1, 1))


def reporting_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the reporting year."""
    months = reporting_year_months(year)
    return months[0], month_end(months[-1])


def last_ended_quarter(today: datetime.date) -> datetime.date:
    return quarter_start(previous_month(quarter_start(today)))


def last_ended_reporting_year(today: datetime.date) -> int:
    """The latest reporting year whose September has ended."""
    return reporting_year_of(today) - 1


def quarter_label(first: datetime.date) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": quarter_number(first), "year": first.year}


def reporting_year_label(year: int) -> str:
    return _("reporting year %(year)s") % {"year": year}


def reporting_year_span(year: int) -> str:
    """The span, e.g. "1 October 2025 to 30 September 2026", in the active language."""
    first, last = reporting_year_bounds(year)
    return _("%(first)s to %(last)s") % {
        "first": date_format(first, "DATE_FORMAT"),
        "last": date_format(last, "DATE_FORMAT"),
    }


def period_start(kind: str, day: datetime.date) -> datetime.date:
    """The first month of the period of `kind` ("report", "quarterly", "annual") holding `day`."""
    if kind == "quarterly":
        return quarter_start(day)
    if kind == "annual":
        return reporting_year_start(reporting_year_of(day))
    return month_start(day)


def period_label(kind: str, first: datetime.date) -> str:
    if kind == "quarterly":
        return quarter_label(first)
    if kind == "annual":
        return reporting_year_label(reporting_year_of(first))
    return date_format(first, "YEAR_MONTH_FORMAT")
