"""Term-end arithmetic of committees (换届)."""

from __future__ import annotations

import datetime as dt

from governance.terms import add_years, days_overdue, due_from, is_current, term_end_of


def test_term_ends_on_the_same_day_years_later():
    assert term_end_of(dt.date(2021, 6, 15), 5) == dt.date(2026, 6, 15)
    assert term_end_of(dt.date(2022, 1, 1), 3) == dt.date(2025, 1, 1)


def test_term_started_on_29_february_ends_on_28_february():
    assert add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


def test_days_overdue_counts_from_the_term_end():
    end = dt.date(2025, 3, 1)
    assert days_overdue(end, dt.date(2025, 3, 1)) == 0
    assert days_overdue(end, dt.date(2025, 3, 31)) == 30
    assert days_overdue(end, dt.date(2025, 2, 19)) == -10


def test_due_window_is_90_days():
    today = dt.date(2025, 1, 1)
    assert due_from(today) == dt.date(2025, 4, 1)


def test_committee_is_current_until_its_term_end():
    end = dt.date(2025, 3, 1)
    assert is_current(end, dt.date(2025, 2, 28))
    assert not is_current(end, end)
