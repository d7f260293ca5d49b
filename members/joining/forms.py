"""Forms of online joining: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import clean_text
from members.identity import validate_resident_id
from members.models import EightGroup, Member, NewFormCategory
from members.phones import MOBILE, normalize_phone
from organizations.forms import DATE_INPUT, CodeField
from organizations.models import Union

PHONE_ATTRS = {"inputmode": "numeric", "autocomplete": "tel", "maxlength": "11"}
ID_ATTRS = {"class": "mono", "autocomplete": "off", "spellcheck": "false", "maxlength": "18",
            "data-resident-id": "1", "inputmode": "text"}


class NameField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        super().__init__(label=_("Full name"), max_length=50,
                         widget=forms.TextInput(attrs={"autocomplete": "name"}), **kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value))


class ResidentIdField(CodeField):
    def __init__(self) -> None:
        super().__init__(Member, "resident_id", validate_resident_id, label=_("Resident ID number"))
        self.widget.attrs.update(ID_ATTRS)
        self.label = _("Resident ID number")


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by the keyboard); bots fill it in."""

    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1",
                                                            "autocomplete": "off"}))

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class JoinForm(HoneypotMixin):
    name = NameField()
    resident_id = ResidentIdField()
    phone = forms.CharField(label=_("Mobile number"), max_length=20,
                            widget=forms.TextInput(attrs=PHONE_ATTRS))
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None, required=False,
                                      empty_label=_("— choose —"))
    employer_name = forms.CharField(label=_("Employer or platform you work for"), max_length=200,
                                    required=False)
    is_migrant = forms.BooleanField(label=_("I am a migrant worker (农民工)"), required=False)
    new_form_category = forms.ChoiceField(
        label=_("New employment form"), required=False,
        choices=[("", _("— not applicable —")), *NewFormCategory.choices[1:]])
    eight_group = forms.ChoiceField(
        label=_("Eight key groups"), required=False,
        choices=[("", _("— not applicable —")), *EightGroup.choices[1:]])
    consent = forms.BooleanField(label=_(
        "I agree that the trade union processes the personal information above (name, ID, "
        "mobile number, employer) to register and serve my membership, under the Personal "
        "Information Protection Law."))

    def __init__(self, *args, union: Union, pool: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pool = pool
        employers = union.employers.order_by("name")
        self.fields["employer"].queryset = employers
        if pool:
            del self.fields["employer"]
            self.fields["employer_name"].required = True
        else:
            del self.fields["employer_name"]
            self.fields["employer"].required = employers.exists()

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise forms.ValidationError(_("Enter an 11-digit mobile number starting with 13-19."))
        return phone[-11:]

    def clean_employer_name(self) -> str:
        return clean_text(self.cleaned_data.get("employer_name", ""))

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("consent", "website"):
            data.pop(key, None)
        return data


class ConfirmForm(HoneypotMixin):
    """会员网上激活, step 1: name and resident ID."""

    name = NameField()
    resident_id = ResidentIdField()


class CodeForm(forms.Form):
    code = forms.RegexField(label=_("Verification code"), regex=r"^\s*\d{6}\s*$", max_length=10,
                            widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                          "autocomplete": "one-time-code"}))


class ApproveForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None, required=False)
    on = forms.DateField(label=_("Joined date"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, union: Union, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = union.employers.order_by("name")


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PoolForm(forms.Form):
    federation = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Pool name"), max_length=200, required=False)


class PoolMoveForm(forms.Form):
    to_union = forms.IntegerField(widget=forms.HiddenInput)
    members = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True,
                                             widget=forms.CheckboxSelectMultiple)
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Transfer date"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, member_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(pk, pk) for pk in member_ids]
