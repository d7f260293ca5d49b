"""Forms of the governance pages: they parse input; the services validate and save."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import (
    TERM_YEARS,
    AwardingBody,
    HomeKind,
    HomeLevel,
    OfficerRole,
    ServiceSite,
    StipendSource,
)
from organizations.forms import CODE_ATTRS, DATE_INPUT, TreeChoiceField, VersionField
from organizations.selectors import federation_list
from organizations.web import ServiceValidatedModelForm

ELECTION_SLOTS = 12  # officer rows offered on the election form; empty ones are ignored


class OfficerForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=OfficerRole.choices)
    name = forms.CharField(label=_("full name"), max_length=50)
    resident_id = forms.CharField(label=_("resident ID"), max_length=40,
                                  widget=forms.TextInput(attrs=CODE_ATTRS))
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    full_time = forms.BooleanField(label=_("full-time"), required=False)


class SlateOfficerForm(OfficerForm):
    """A row of the election form: blank unless a name, ID or phone is typed (the role
    select always has a value, and must not make an empty row count)."""

    def has_changed(self) -> bool:
        return any((self.data.get(self.add_prefix(name)) or "").strip()
                   for name in ("name", "resident_id", "phone"))


class BaseSlateFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if not any(f.cleaned_data for f in self.forms if f.is_valid()):
            raise forms.ValidationError(_("Enter the officers of the new committee."))

    def officers(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data]


SlateFormSet = forms.formset_factory(SlateOfficerForm, formset=BaseSlateFormSet,
                                     extra=ELECTION_SLOTS, max_num=60, validate_max=True)


def slate_formset(data=None, *, initial_roles: bool = True) -> BaseSlateFormSet:
    """The election's officer rows; the first offers 主席, the next two 副主席."""
    formset = SlateFormSet(data, prefix="officers")
    if data is None and initial_roles:
        roles = [OfficerRole.CHAIR, OfficerRole.VICE_CHAIR, OfficerRole.VICE_CHAIR]
        for form, role in zip(formset.forms, roles):
            form.fields["role"].initial = role
        for form in formset.forms[len(roles):]:
            form.fields["role"].initial = OfficerRole.MEMBER
    for form in formset.forms:
        form.empty_permitted = True
        form.use_required_attribute = False
    return formset


class ElectionForm(forms.Form):
    held_on = forms.DateField(label=_("election date"), widget=DATE_INPUT)
    term_years = forms.TypedChoiceField(label=_("term (years)"), choices=TERM_YEARS, coerce=int,
                                        initial=5)
    term_start = forms.DateField(label=_("term start"), widget=DATE_INPUT, required=False,
                                 help_text=_("Leave empty if the term starts on the election day."))
    note = forms.CharField(label=_("note or approval number"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class OfficerAddForm(OfficerForm):
    start_on = forms.DateField(label=_("from"), widget=DATE_INPUT)


class OfficerEndForm(forms.Form):
    end_on = forms.DateField(label=_("until"), widget=DATE_INPUT)


class StipendForm(forms.Form):
    amount = forms.DecimalField(label=_("amount (yuan)"), max_digits=10, decimal_places=2,
                                min_value=0)
    period_start = forms.DateField(label=_("period from"), widget=DATE_INPUT)
    period_end = forms.DateField(label=_("period until"), widget=DATE_INPUT)
    paid_on = forms.DateField(label=_("paid on"), widget=DATE_INPUT)
    source = forms.ChoiceField(label=_("source"), choices=StipendSource.choices)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class HomeRatingForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1980, max_value=2100)
    kind = forms.ChoiceField(label=_("kind"), choices=HomeKind.choices, initial=HomeKind.HOME)
    level = forms.ChoiceField(label=_("rating"), choices=HomeLevel.choices)
    awarding_body = forms.ChoiceField(label=_("awarded by"), choices=AwardingBody.choices)
    document_number = forms.CharField(label=_("document number"), max_length=100)
    reviewed_on = forms.DateField(label=_("last review (复查)"), widget=DATE_INPUT,
                                  required=False)
    next_review_on = forms.DateField(label=_("next review due"), widget=DATE_INPUT,
                                     required=False)


class SiteForm(ServiceValidatedModelForm):
    node = TreeChoiceField(label=_("belongs to"), queryset=None)
    version = VersionField()

    class Meta:
        model = ServiceSite
        fields = ("node", "name", "kind", "address", "opening_hours", "area_m2")

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = federation_list(user=user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class SiteUploadForm(forms.Form):
    file = forms.FileField(label=_("Service sites file (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


def year_from(request, default: int) -> int:
    """?year=2024 within a sane range, else the default."""
    value = request.GET.get("year", "")
    if value.isdigit() and 1980 <= int(value) <= 2100:
        return int(value)
    return default
