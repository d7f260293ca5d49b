"""The employer types by which the annual survey counts grassroots unions: the economic-type
codes of the union registration form (organizations.classifications.EconomicType), with the
limited-liability (151, 159) and limited-by-shares (161, 169) companies each taken together as
the survey does, and a column for unions whose employer has no type recorded yet."""

from __future__ import annotations

from django.utils.translation import gettext as _

from organizations.classifications import EconomicType

NOT_RECORDED = "none"

# (group key, the economic-type codes it takes)
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("110", ("110",)),
    ("120", ("120",)),
    ("130", ("130",)),
    ("140", ("140",)),
    ("150", ("151", "159")),
    ("160", ("161", "169")),
    ("170", ("170",)),
    ("190", ("190",)),
    ("200", ("200",)),
    ("300", ("300",)),
    ("400", ("400",)),
    ("500", ("500",)),
    ("600", ("600",)),
    ("700", ("700",)),
    (NOT_RECORDED, ("",)),
)
_GROUP_OF = {code: key for key, codes in GROUPS for code in codes}


def type_group_of(economic_type: str) -> str:
    return _GROUP_OF.get(economic_type or "", NOT_RECORDED)


def group_label(key: str) -> str:
    """The group's name in the active language."""
    if key == "150":
        return _("Limited liability company")
    if key == "160":
        return _("Company limited by shares")
    if key == NOT_RECORDED:
        return _("Type not recorded")
    return str(EconomicType(key).label)
