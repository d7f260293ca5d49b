"""The form of the 报表下载 page: which file, of which unit, for which period (a month, a
quarter or a reporting year)."""

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
from reports.files.periods import (
    REPORTING_YEAR_FIRST_MONTH,
    last_ended_quarter,
    last_ended_reporting_year,
    quarter_label,
    quarter_months,
    quarter_start,
    reporting_year_label,
    reporting_year_of,
    reporting_year_start,
)
from reports.models import MonthlySnapshot

MONTHS_OFFERED = 24
QUARTERS_OFFERED = 8
YEARS_OFFERED = 5


def _months() -> list[tuple[str, str]]:
    """The months that have data (a snapshot was written), latest first, and the month that has
    just ended (its snapshot is written on the 1st, or on request): any other month would be
    figures of today's registry passed off as a past month's."""
    months = set(MonthlySnapshot.objects.dates("month", "month", order="DESC")[:MONTHS_OFFERED])
    months.add(previous_month(timezone.localdate()))
    return [(month.isoformat(), date_format(month, "YEAR_MONTH_FORMAT"))
            for month in sorted(months, reverse=True)[:MONTHS_OFFERED]]


def _snapshot_months() -> set[datetime.date]:
    return set(MonthlySnapshot.objects.dates("month", "month", order="DESC")[:MONTHS_OFFERED * 3])


def _quarters() -> list[tuple[str, str]]:
    """Ended quarters whose last month has a snapshot, and the quarter that has just ended."""
    today = timezone.localdate()
    ended = {quarter_start(m) for m in _snapshot_months()
             if m == quarter_months(m)[-1] and m < month_start(today)}
    ended.add(last_ended_quarter(today))
    return [(q.isoformat(), quarter_label(q))
            for q in sorted(ended, reverse=True)[:QUARTERS_OFFERED]]


def _years() -> list[tuple[str, str]]:
    """Ended reporting years whose September has a snapshot, and the one that has just ended."""
    today = timezone.localdate()
    ended = {reporting_year_of(m) for m in _snapshot_months()
             if m.month == REPORTING_YEAR_FIRST_MONTH - 1 and m < month_start(today)}
    ended.add(last_ended_reporting_year(today))
    return [(str(y), reporting_year_label(y)) for y in sorted(ended, reverse=True)[:YEARS_OFFERED]]


class FileRequestForm(forms.Form):
    """The units offered are the federations in the user's subtree (federation_list)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("File"),
        # A work-list file is requested from the work-list page, with its filters.
        choices=[(k.value, k.label) for k in (FileKind.REPORT, FileKind.QUARTERLY, FileKind.ANNUAL,
                                              FileKind.ROSTER)],
        widget=forms.RadioSelect,
        initial=FileKind.REPORT,
    )
    node = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Union.objects.none())
    month = forms.ChoiceField(label=gettext_lazy("Month"), required=False)
    quarter = forms.ChoiceField(label=gettext_lazy("Quarter"), required=False)
    year = forms.ChoiceField(label=gettext_lazy("Reporting year"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = federation_list(user=user)
        self.fields["node"].initial = scope_of(user)
        self.fields["month"].choices = _months()
        self.fields["quarter"].choices = _quarters()
        self.fields["year"].choices = _years()

    def clean(self) -> dict:
        """`period`: the first month of the chosen period (None for a roster)."""
        data = super().clean()
        kind = data.get("kind")
        data["period"] = None
        if kind == FileKind.REPORT:
            if not data.get("month"):
                self.add_error("month", _("Choose the month of the report."))
            else:
                data["period"] = month_start(datetime.date.fromisoformat(data["month"]))
        elif kind == FileKind.QUARTERLY:
            if not data.get("quarter"):
                self.add_error("quarter", _("Choose the quarter of the report."))
            else:
                data["period"] = quarter_start(datetime.date.fromisoformat(data["quarter"]))
        elif kind == FileKind.ANNUAL:
            if not data.get("year"):
                self.add_error("year", _("Choose the reporting year of the report."))
            else:
                data["period"] = reporting_year_start(int(data["year"]))
        return data
