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
