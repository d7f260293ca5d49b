"""The county (县/市/区) column of every list sheet of the reports.

A row's county is the county-level node its path lies under, as the tree stood in the month's
snapshot (a union that moved since stays in its old county's past reports); the rows of the
city's own level have none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from organizations.models import Level
from reports.models import MonthlySnapshot


@dataclass
class Counties:
    names: dict[str, str]  # county path -> name
    lengths: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.lengths = sorted({len(path) for path in self.names})

    def of(self, path: str) -> str:
        for length in self.lengths:
            name = self.names.get(path[:length])
            if name is not None:
                return name
        return ""


def counties_at(month: datetime.date) -> Counties:
    """The county-level nodes of the month's snapshot (a few dozen rows, one query)."""
    rows = MonthlySnapshot.objects.filter(month=month, node__level=Level.COUNTY).values_list(
        "path", "node__path", "node__name"
    )
    return Counties({then or now: name for then, now, name in rows})
