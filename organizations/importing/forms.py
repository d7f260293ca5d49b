from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class RegisterCommitForm(forms.Form):
    # Nothing is written on one click: the editor confirms the summary of what will be.
    confirm = forms.BooleanField(
        label=_("I have checked the rows above and want them written to the registry"),
        required=True,
        error_messages={"required": _("Tick the confirmation to write the rows.")})
