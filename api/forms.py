"""The form of the administrators' token page: what a token is for and how long it lives."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.tokens import MAX_DAYS
from common.text import CleanCharField


class TokenIssueForm(forms.Form):
    name = CleanCharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("Who uses the token, e.g. the district's HR system."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=90
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Translated per request: the maximum goes into the sentence.
        self.fields["days"].help_text = _(
            "At most %(max)d days; issue a new token before this one expires."
        ) % {"max": MAX_DAYS}
