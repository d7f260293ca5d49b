"""Member forms: they parse input; members.services validates and saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import clean_text_formfield
from members.identity import validate_resident_id
from members.models import Member
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


class LeaveForm(forms.Form):
    version = VersionField()
    left_on = forms.DateField(required=False, widget=DATE_INPUT)


class TransferForm(forms.Form):
    """会员关系接转: the destination is picked from the unions the user may see."""

    version = VersionField()
    to_union = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Transfer date"), required=False, widget=DATE_INPUT)
