"""The work-list's filters: parsed from the page's query string, kept with a requested file.

`WorklistFilters` is what the selectors take; `WorklistFilterForm` makes one from a request,
checking the area against the user's subtree (a node outside it is no choice: 404).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from counting.rules import LARGE_EMPLOYER
from organizations.classifications import EconomicType, IndustrySection, SpecialKind
from organizations.forms import TreeChoiceField
from organizations.models import NoUnionReason, Ownership, Union
from organizations.selectors import federation_list

# The reason filter's value for "no reason recorded yet" (the stored value is blank).
UNRECORDED = "none"
SORTS = {
    "employees": ("employees", "pk"), "-employees": ("-employees", "pk"),
    "name": ("name", "pk"), "-name": ("-name", "pk"),
    "reason": ("no_union_reason", "pk"), "-reason": ("-no_union_reason", "pk"),
    "due": ("work_item__due_on", "pk"), "-due": ("-work_item__due_on", "pk"),
}


@dataclass(frozen=True)
class WorklistFilters:
    min_staff: int = LARGE_EMPLOYER
    reason: str = ""
    industry_section: str = ""
    ownership: str = ""
    economic_type: str = ""
    special_kind: str = ""
    assignee_id: int | None = None  # "my items"
    sort: str = "-employees"

    def as_params(self) -> dict:
        return asdict(self)

    @classmethod
    def from_params(cls, params: dict) -> "WorklistFilters":
        known = {k: v for k, v in (params or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def ordering(self) -> tuple[str, str]:
        return SORTS.get(self.sort, SORTS["-employees"])


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


def _without_blank(choices) -> list[tuple[str, str]]:
    return [(value, label) for value, label in choices if value]


class WorklistFilterForm(forms.Form):
    area = TreeChoiceField(label=_("Area"), queryset=Union.objects.none(), required=False)
    min_staff = forms.TypedChoiceField(label=_("Staff"), coerce=int, required=False)
    reason = forms.ChoiceField(label=_("Reason for no union"), required=False)
    industry_section = forms.ChoiceField(label=_("Industry section"), required=False)
    ownership = forms.ChoiceField(label=_("Ownership type"), required=False)
    economic_type = forms.ChoiceField(label=_("Economic type"), required=False)
    special_kind = forms.ChoiceField(label=_("Special kind"), required=False)
    mine = forms.BooleanField(label=_("My items"), required=False)
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False)

    def __init__(self, data, *, user: AbstractBaseUser) -> None:
        super().__init__(data)
        self.user = user
        self.fields["area"].queryset = federation_list(user=user)
        self.fields["min_staff"].choices = [
            (n, _("%(n)s or more") % {"n": n}) for n in settings.WORKLIST_SIZE_THRESHOLDS]
        any_ = pgettext_lazy("filter", "Any")
        self.fields["reason"].choices = _blank(any_) + [(UNRECORDED, _("Not recorded"))] + \
            _without_blank(NoUnionReason.choices)
        self.fields["industry_section"].choices = _blank(any_) + list(IndustrySection.choices)
        self.fields["ownership"].choices = _blank(any_) + list(Ownership.choices)
        self.fields["economic_type"].choices = _blank(any_) + _without_blank(EconomicType.choices)
        self.fields["special_kind"].choices = _blank(any_) + _without_blank(SpecialKind.choices)

    def area_or(self, node: Union) -> Union:
        """The area asked for, else `node`. A node outside the subtree is not a choice: 404,
        like any other out-of-scope object (an unknown or malformed id too)."""
        self.is_valid()  # the fields that are valid are used, the others left at their default
        if self.data.get("area") and "area" in self.errors:
            raise Http404
        return self.cleaned_data.get("area") or node

    def filters(self) -> WorklistFilters:
        self.is_valid()
        data = self.cleaned_data
        return WorklistFilters(
            min_staff=data.get("min_staff") or LARGE_EMPLOYER,
            reason=data.get("reason", ""),
            industry_section=data.get("industry_section", ""),
            ownership=data.get("ownership", ""),
            economic_type=data.get("economic_type", ""),
            special_kind=data.get("special_kind", ""),
            assignee_id=self.user.pk if data.get("mine") else None,
            sort=data.get("sort") or "-employees",
        )
