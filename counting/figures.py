"""The figures of a node (DESIGN.md §4), shared by the live dashboard and the monthly snapshots."""

from __future__ import annotations

from dataclasses import dataclass, fields

# Additive figures, in the column order of MonthlySnapshot.
FIGURE_FIELDS = (
    "unions_independent", "unions_joint", "unions_new",
    "employers", "employers_covered", "employers_100", "employers_100_covered",
    "employees", "migrant_employees",
    "members", "members_female", "members_migrant", "members_new_form", "members_eight_group",
    "members_new", "members_kept",
)


def rate(part: int, whole: int) -> float | None:
    """A percentage, or None when there is nothing to divide by (shown as a dash)."""
    if not whole:
        return None
    return 100.0 * part / whole


@dataclass
class Figures:
    unions_independent: int = 0
    unions_joint: int = 0
    unions_new: int = 0
    employers: int = 0
    employers_covered: int = 0
    employers_100: int = 0
    employers_100_covered: int = 0
    employees: int = 0
    migrant_employees: int = 0
    members: int = 0
    members_female: int = 0
    members_migrant: int = 0
    members_new_form: int = 0
    members_eight_group: int = 0
    members_new: int = 0
    members_kept: int = 0  # 保留会籍, not among `members`

    @classmethod
    def of(cls, values: dict) -> "Figures":
        return cls(**{f: int(values.get(f) or 0) for f in FIGURE_FIELDS})

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def __sub__(self, other: "Figures") -> "Figures":
        return Figures(**{f.name: getattr(self, f.name) - getattr(other, f.name) for f in fields(self)})

    def as_dict(self) -> dict[str, int]:
        return {f: getattr(self, f) for f in FIGURE_FIELDS}

    @property
    def unions(self) -> int:
        return self.unions_independent + self.unions_joint

    @property
    def unionization_rate(self) -> float | None:
        """建会率: employers with a union ÷ employers."""
        return rate(self.employers_covered, self.employers)

    @property
    def membership_rate(self) -> float | None:
        """入会率: members ÷ employees."""
        return rate(self.members, self.employees)

    @property
    def unionization_rate_100(self) -> float | None:
        """The unionization rate of employers with 100 or more staff."""
        return rate(self.employers_100_covered, self.employers_100)
