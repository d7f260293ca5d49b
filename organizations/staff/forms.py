"""Staff account forms: they parse input; organizations.staff.services validates and saves."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from organizations.forms import TreeChoiceField
from organizations.models import Role, Union
from organizations.staff.selectors import staff_nodes


class _PlacementForm(forms.Form):
    node = TreeChoiceField(label=_("Unit"), queryset=Union.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the user's own subtree: a forged id outside it is an invalid choice.
        self.fields["node"].queryset = staff_nodes(user=user)


class StaffCreateForm(_PlacementForm):
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "password", "password2", "node", "role"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data

    def service_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("username", "password", "node", "role")}


class StaffEditForm(_PlacementForm):
    pass
