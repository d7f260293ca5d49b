"""Member forms: they parse input; members.services validates and saves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.identity import validate_resident_id
from members.models import Member
from organizations.forms import DATE_INPUT, CodeField, VersionField
from organizations.models import Union
from organizations.web import ServiceValidatedModelForm
from unionreg.text import clean_text_formfield


class MemberForm(ServiceValidatedModelForm):
    resident_id = CodeField(Member, "resident_id", validate_resident_id)
    version = VersionField()

    class Meta:
        model = Member
        formfield_callback = clean_text_formfield  # names through unionreg.text
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


class LeaveForm(forms.Form):
    version = VersionField()
    left_on = forms.DateField(required=False, widget=DATE_INPUT)


class TransferForm(forms.Form):
    """会员关系接转: the destination is picked from the unions the user may see."""

    version = VersionField()
    to_union = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Transfer date"), required=False, widget=DATE_INPUT)
