from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class CommitForm(forms.Form):
    all_or_nothing = forms.BooleanField(
        label=_("All or nothing: write nothing if any row has an error"), required=False
    )
    # Nothing is written on one click: the editor confirms the summary of what will be.
    confirm = forms.BooleanField(
        label=_("I have checked the rows above and want them written to the registry"),
        required=True,
        error_messages={"required": _("Tick the confirmation to write the rows.")},
    )


class UnionPickForm(forms.Form):
    """The import page's finder of one grassroots union, by name or credit code."""

    union_q = forms.CharField(
        label=_("Or import into one grassroots union"), max_length=100, required=False,
        widget=forms.TextInput(attrs={
            "type": "search", "placeholder": _("Union name or credit code"),
            "autocomplete": "off",
        }),
    )
