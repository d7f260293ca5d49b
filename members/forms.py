"""Member forms: they parse input; members.services validates and saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import clean_text_formfield
from members.identity import validate_resident_id
from members.lifecycle import default_employer
from members.models import ChangeReason, EventKind, Member
from organizations.forms import DATE_INPUT, CodeField, VersionField
from organizations.models import Union
from organizations.web import ServiceValidatedModelForm


class MemberForm(ServiceValidatedModelForm):
    # Not a model field: the ID is sealed on assignment (common.sealed_id).
    resident_id = CodeField(Member, "resident_id", validate_resident_id, label=_("resident ID"))
    version = VersionField()

    class Meta:
        model = Member
        formfield_callback = clean_text_formfield  # names through common.text
        fields = [
            "name", "resident_id", "phone", "employer", "joined_on", "is_migrant",
            "new_form_category", "eight_group",
        ]
        widgets = {"joined_on": DATE_INPUT}

    def __init__(self, *args, union: Union, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only employers this union covers; the service checks the same rule.
        self.fields["employer"].queryset = union.employers.order_by("name")
        if not self.instance.pk and not self.is_bound:
            # A union that covers one employer: that is where a new member works.
            self.initial.setdefault("employer", default_employer(union))
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # Editing never shows the stored ID (the page shows it masked): a change of ID is
            # typed in full, and an empty field keeps the ID as it is.
            self.initial["resident_id"] = ""
            field = self.fields["resident_id"]
            field.required = False
            field.label = _("New resident ID")
            field.help_text = _("Leave empty to keep the current ID.")

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        if self.instance.pk and not fields.get("resident_id"):
            fields.pop("resident_id", None)
        return fields


REASONS = [("", "—"), *[(v, f"{v} {label}") for v, label in ChangeReason.choices if v]]


class LeaveForm(forms.Form):
    """退会 (6) or 除名 (5), with the national reason code."""

    version = VersionField()
    kind = forms.ChoiceField(label=_("Change type"), required=False, initial=EventKind.LEAVE,
                             choices=[(EventKind.LEAVE, _("6 Left (退会)")),
                                      (EventKind.EXPEL, _("5 Expelled (除名)"))])
    reason = forms.ChoiceField(label=_("Change reason"), required=False, choices=REASONS)
    left_on = forms.DateField(label=_("Leaving date"), required=False, widget=DATE_INPUT)


class KeepForm(forms.Form):
    """保留会籍 (3): out of work or retired."""

    version = VersionField()
    reason = forms.ChoiceField(label=_("Change reason"), required=False, choices=REASONS)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)


class ReturnForm(forms.Form):
    version = VersionField()
    on = forms.DateField(label=_("Return date"), required=False, widget=DATE_INPUT)
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None, required=False)

    def __init__(self, *args, union: Union, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = union.employers.order_by("name")
        self.initial.setdefault("employer", default_employer(union))


class TransferRequestForm(forms.Form):
    """A's side asks a union outside its area to take the member."""

    to_union = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Transfer date"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class TransferByIdForm(forms.Form):
    """B's side asks for a person by full resident ID (POST only, never in a URL)."""

    resident_id = CodeField(Member, "resident_id", validate_resident_id, label=_("resident ID"))
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None, required=False)
    on = forms.DateField(label=_("Transfer date"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, union: Union, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident_id"].label = _("Full resident ID of the person")
        self.fields["employer"].queryset = union.employers.order_by("name")
        self.initial.setdefault("employer", default_employer(union))


class AcceptForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer in the receiving union"), queryset=None,
                                      required=False)
    on = forms.DateField(label=_("Transfer date"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, union: Union, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = union.employers.order_by("name")
        self.initial.setdefault("employer", default_employer(union))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PersonIdForm(forms.Form):
    resident_id = CodeField(Member, "resident_id", validate_resident_id, label=_("resident ID"))


class TransferForm(forms.Form):
    """会员关系接转: the destination is picked from the unions the user may see."""

    version = VersionField()
    to_union = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Transfer date"), required=False, widget=DATE_INPUT)
