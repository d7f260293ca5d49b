"""The 四清 facts (企业基本情况清) of an employer and the survey facts (基层工会调查表) of a
union, as abstract models the concrete ones inherit.

Every column has a database default (db_default) or is nullable, so adding them to 76,000
employers and 15,000 unions does not rewrite the tables, and the seeding's COPY may omit them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.phones import validate_phone
from organizations.classifications import (
    ECONOMIC_TYPE_OWNERSHIPS,
    EconomicType,
    IndustrySection,
    SizeClass,
    SpecialKind,
    check_division_in_section,
    validate_area_code,
    validate_division,
)

EMPLOYER_FACT_FIELDS = (
    "address", "legal_representative", "contact_name", "contact_phone", "industry_section",
    "industry_division", "economic_type", "size_class", "above_designated_size", "special_kind",
)
UNION_SURVEY_FIELDS = (
    "full_time_staff", "part_time_staff", "congress_delegates", "worker_directors",
    "worker_supervisors",
)


def _text(label, max_length: int, **kwargs) -> models.CharField:
    return models.CharField(label, max_length=max_length, blank=True, default="", db_default="",
                            **kwargs)


def _count(label) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0, db_default=0)


class EmployerFacts(models.Model):
    # County and township come from the node the employer is located under; this is the rest.
    address = _text(_("address"), 200)
    legal_representative = _text(_("legal representative"), 50)
    contact_name = _text(_("contact person"), 50)
    contact_phone = _text(_("contact phone"), 30, validators=[validate_phone])
    industry_section = _text(_("industry section"), 1, choices=IndustrySection.choices)
    industry_division = _text(_("industry division"), 2, validators=[validate_division],
                              help_text=_("Two-digit code of GB/T 4754-2017, e.g. 38."))
    economic_type = _text(_("economic type"), 3, choices=EconomicType.choices)
    size_class = _text(_("size class"), 8, choices=SizeClass.choices)
    above_designated_size = models.BooleanField(
        _("above designated size"), default=False, db_default=False)
    special_kind = _text(_("special kind"), 16, choices=SpecialKind.choices)

    class Meta:
        abstract = True

    def derive_ownership(self) -> None:
        """With only the economic type known (an import, an API client), the ownership follows."""
        if self.economic_type and not self.ownership:
            self.ownership = ECONOMIC_TYPE_OWNERSHIPS[self.economic_type][0]

    def clean_facts(self) -> None:
        check_division_in_section(self.industry_section, self.industry_division)
        allowed = ECONOMIC_TYPE_OWNERSHIPS.get(self.economic_type)
        if allowed and self.ownership and self.ownership not in allowed:
            raise ValidationError({"economic_type": _(
                "Economic type %(type)s does not fit the ownership type %(ownership)s.") % {
                "type": self.get_economic_type_display(),
                "ownership": self.get_ownership_display()}})


class UnionFacts(models.Model):
    area_code = _text(_("administrative-area code"), 6, validators=[validate_area_code],
                      help_text=_("Six digits of GB/T 2260, down to the county (e.g. 320205); "
                                  "townships and unions carry their county's code."))
    full_time_staff = _count(_("full-time union staff"))
    part_time_staff = _count(_("part-time union staff"))
    congress_delegates = _count(_("workers' congress delegates"))
    worker_directors = _count(_("worker directors"))
    worker_supervisors = _count(_("worker supervisors"))

    class Meta:
        abstract = True

    def clean_facts(self) -> None:
        if self.congress_delegates and not self.has_workers_congress:
            raise ValidationError({"congress_delegates": _(
                "Delegates are counted where a workers' congress is in place.")})
