"""Seasons of the seeded joins, so the monthly trend reads like a real one, not a straight line.

Real registries gain few members around the Spring Festival (February: migrant workers go
home, factories pause) and many in the campaign months (集中入会: March's 春风行动 as workers
come back, May around 劳动节, October's autumn drive). Each seeded join date is kept with the
weight of its month, else moved to the next campaign month; no random draw is added (the
fraction comes from the draw that made the date), so every other seeded row stays as it was
and the totals are untouched: only *when* members joined changes.
"""

from __future__ import annotations

import datetime

# Relative join intensity kept in each month (1: all kept); the rest move to a campaign month.
KEEP = {
    1: 0.7,
    2: 0.25,
    3: 1.0,
    4: 0.8,
    5: 1.0,
    6: 0.75,
    7: 0.7,
    8: 0.65,
    9: 0.85,
    10: 1.0,
    11: 0.8,
    12: 0.6,
}
CAMPAIGN_MONTHS = (3, 5, 10)


def _next_campaign(day: datetime.date) -> datetime.date:
    for month in CAMPAIGN_MONTHS:
        if month > day.month:
            return day.replace(month=month, day=min(day.day, 28))
    return day.replace(year=day.year + 1, month=CAMPAIGN_MONTHS[0], day=min(day.day, 28))


def seasonal_join(joined: datetime.date, fraction: float, *, as_of: datetime.date) -> datetime.date:
    """The join date after the seasons: kept with its month's weight, else moved to the next
    campaign month, unless that is past the data set's date (then kept)."""
    if fraction < KEEP[joined.month]:
        return joined
    moved = _next_campaign(joined)
    return moved if moved <= as_of else joined
