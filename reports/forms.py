from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import VersionField
from organizations.models import NoUnionReason


class NoUnionReasonForm(forms.Form):
    """The recorded reason why an employer of 100+ staff has no union (四清)."""

    no_union_reason = forms.ChoiceField(
        label=_("Reason for no union"), choices=NoUnionReason.choices, required=False
    )
    no_union_note = forms.CharField(label=_("Reason details"), max_length=500, required=False)
    version = VersionField()
