"""The form of the 报表下载 page: which file, of which unit, for which month."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counting.months import month_start, previous_month
from organizations.models import Union
from organizations.scope import scope_of
from organizations.selectors import federation_list
from reports.files.models import FileKind
from reports.models import MonthlySnapshot

MONTHS_OFFERED = 24


def _months() -> list[tuple[str, str]]:
    """The months that have data (a snapshot was written), latest first, and the month that has
    just ended (its snapshot is written on the 1st, or on request): any other month would be
    figures of today's registry passed off as a past month's."""
    months = set(MonthlySnapshot.objects.dates("month", "month", order="DESC")[:MONTHS_OFFERED])
    months.add(previous_month(timezone.localdate()))
    return [(month.isoformat(), date_format(month, "YEAR_MONTH_FORMAT"))
            for month in sorted(months, reverse=True)[:MONTHS_OFFERED]]


class FileRequestForm(forms.Form):
    """The units offered are the federations in the user's subtree (federation_list)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("File"),
        # A work-list file is requested from the work-list page, with its filters.
        choices=[(k.value, k.label) for k in (FileKind.REPORT, FileKind.ROSTER)],
        widget=forms.RadioSelect,
        initial=FileKind.REPORT,
    )
    node = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Union.objects.none())
    month = forms.ChoiceField(label=gettext_lazy("Month"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = federation_list(user=user)
        self.fields["node"].initial = scope_of(user)
        self.fields["month"].choices = _months()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == FileKind.REPORT:
            if not data.get("month"):
                self.add_error("month", _("Choose the month of the report."))
            else:
                data["month"] = month_start(datetime.date.fromisoformat(data["month"]))
        else:
            data["month"] = None
        return data
