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


# --- the rates as federations report them (issue 14) ----------------------------------------

COVERAGE_FIELDS = (
    "employers", "employers_covered", "employers_100", "employers_100_covered",
    "employees", "employees_covered", "migrant_employees", "migrant_employees_covered",
    "members", "members_migrant",
)


@dataclass
class Coverage:
    """What the federations' rates of a node divide (covered: see counting.rules.COVERED_FIGURES)."""

    employers: int = 0
    employers_covered: int = 0
    employers_100: int = 0
    employers_100_covered: int = 0
    employees: int = 0
    employees_covered: int = 0  # 覆盖职工
    migrant_employees: int = 0
    migrant_employees_covered: int = 0
    members: int = 0
    members_migrant: int = 0

    @classmethod
    def of(cls, values: dict) -> Coverage:
        return cls(**{f: int(values.get(f) or 0) for f in COVERAGE_FIELDS})

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(**{f: getattr(self, f) + getattr(other, f) for f in COVERAGE_FIELDS})

    @property
    def unionization_rate(self) -> float | None:
        return rate(self.employers_covered, self.employers)

    @property
    def unionization_rate_100(self) -> float | None:
        return rate(self.employers_100_covered, self.employers_100)

    @property
    def membership_rate(self) -> float | None:
        """入会率 as federations give it: members ÷ employees of employers that have a union."""
        return rate(self.members, self.employees_covered)

    @property
    def membership_rate_all(self) -> float | None:
        return rate(self.members, self.employees)

    @property
    def employee_coverage_rate(self) -> float | None:
        return rate(self.employees_covered, self.employees)

    @property
    def migrant_membership_rate(self) -> float | None:
        """农民工入会率: migrant members ÷ migrant employees of employers that have a union."""
        return rate(self.members_migrant, self.migrant_employees_covered)

    @property
    def migrant_membership_rate_all(self) -> float | None:
        return rate(self.members_migrant, self.migrant_employees)


@dataclass(frozen=True)
class RateDefinition:
    name: str  # the Coverage property
    label: str
    definition: str
    part: str  # the Coverage fields divided, shown beside the rate
    whole: str


def rate_definitions() -> tuple[RateDefinition, ...]:
    """Every rate with its label and definition, in the order the pages show them."""
    from django.utils.translation import gettext as _

    return (
        RateDefinition("unionization_rate", _("Unionization rate"),
                       _("employers with a union ÷ employers"), "employers_covered", "employers"),
        RateDefinition("unionization_rate_100", _("Unionization rate, 100+ staff"),
                       _("employers of 100+ staff with a union ÷ employers of 100+ staff"),
                       "employers_100_covered", "employers_100"),
        RateDefinition("membership_rate", _("Membership rate"),
                       _("members ÷ employees of employers that have a union"),
                       "members", "employees_covered"),
        RateDefinition("membership_rate_all", _("Membership rate, all employees"),
                       _("members ÷ employees of all employers"), "members", "employees"),
        RateDefinition("employee_coverage_rate", _("Employee coverage rate"),
                       _("employees of employers that have a union ÷ employees of all employers"),
                       "employees_covered", "employees"),
        RateDefinition("migrant_membership_rate", _("Migrant-worker membership rate"),
                       _("migrant-worker members ÷ migrant employees of employers that have a union"),
                       "members_migrant", "migrant_employees_covered"),
        RateDefinition("migrant_membership_rate_all", _("Migrant-worker membership rate, all"),
                       _("migrant-worker members ÷ migrant employees of all employers"),
                       "members_migrant", "migrant_employees"),
    )


@dataclass
class PeriodNew:
    """New unions and new members in the month, quarter and year to date."""

    month: tuple[int, int]  # (unions, members)
    quarter: tuple[int, int]
    year: tuple[int, int]
