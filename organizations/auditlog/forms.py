"""The audit log's filters: parsed and bounded here, applied in the selector."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.auditlog.actions import ACTION_LABELS, OBJECT_TYPES, object_type_label
from organizations.forms import DATE_INPUT


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object ID"), max_length=50, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["action"].choices = everything + list(ACTION_LABELS.items())
        self.fields["object_type"].choices = everything + [
            (label, object_type_label(label)) for label in OBJECT_TYPES
        ]

    def filters(self) -> dict:
        """The valid filters (an invalid one is dropped, and shown on the form)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
