"""Forms of the life-cycle steps: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.forms import DATE_INPUT, TreeChoiceField, VersionField
from organizations.lifecycle.ending import CLOSING_STATUSES
from organizations.lifecycle.selectors import federations_to_move_to
from organizations.models import EmployerStatus, Union

REASON = forms.Textarea(attrs={"rows": 2, "maxlength": 500})


def _today() -> dict:
    return {"on": timezone.localdate()}


class ApproveForm(forms.Form):
    number = forms.CharField(label=_("Approval document number"), max_length=100)
    on = forms.DateField(label=_("Approval date"), widget=DATE_INPUT)
    version = VersionField()


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), max_length=500, widget=REASON)
    version = VersionField()


class FoundForm(forms.Form):
    on = forms.DateField(label=_("Founding date"), widget=DATE_INPUT)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=100)
    version = VersionField()


class DissolveForm(forms.Form):
    on = forms.DateField(label=_("Dissolution date"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason for dissolution"), max_length=500, widget=REASON)
    release_employers = forms.BooleanField(
        label=_("Release the employers it covers (another union may then cover them)"),
        required=False)
    version = VersionField()


class MoveForm(forms.Form):
    to_parent = TreeChoiceField(label=_("Move under"), queryset=Union.objects.none())
    version = VersionField()

    def __init__(self, *args, user: AbstractBaseUser, union: Union, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only federations in the user's scope: a forged id outside it is refused.
        self.fields["to_parent"].queryset = federations_to_move_to(user=user, union=union)


class EmployerCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How it ended"), widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in EmployerStatus if s in CLOSING_STATUSES])
    on = forms.DateField(label=_("Closing date"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason for closing"), max_length=500, required=False,
                             widget=REASON)
    version = VersionField()


def with_version(form_class, obj, data=None, **kwargs):
    """A step's form: bound to `data` if posted, else starting from today and the row version."""
    if data is not None:
        return form_class(data, **kwargs)
    initial = {"version": obj.version}
    if "on" in form_class.base_fields:
        initial.update(_today())
    return form_class(initial=initial, **kwargs)
