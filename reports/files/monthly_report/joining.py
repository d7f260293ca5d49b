"""The monthly report's sheet of online joining (扫码入会): applications of the month per area.

Received, approved, rejected, handled as a transfer, and still waiting at the month's end,
grouped by the child area of the report's node in one query over the month's applications.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from counting.months import next_month
from members.joining.models import ApplicationStatus, JoinApplication
from organizations.models import Union
from reports.files.monthly_report.data import ReportData
from reports.files.monthly_report.styles import Column, finish_sheet, write_table, write_title

FIGURES = ("received", "approved", "rejected", "transfer", "waiting")


@dataclass
class JoiningRow:
    name: str
    counts: dict[str, int] = field(default_factory=dict)


def _bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(month, datetime.time(), tzinfo=tz)
    return start, datetime.datetime.combine(next_month(month), datetime.time(), tzinfo=tz)


def joining_counts(node: Union, month: datetime.date) -> dict[str, dict[str, int]]:
    """{child path (the node's own path for its own unions): {figure: count}}."""
    start, end = _bounds(month)
    width = (node.depth + 1) * Union.steplen
    rows = (
        JoinApplication.objects
        .filter(submitted_at__gte=start, submitted_at__lt=end, union__path__startswith=node.path)
        .annotate(key=Substr("union__path", 1, width)).values("key")
        .annotate(
            received=Count("pk"),
            approved=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)),
            rejected=Count("pk", filter=Q(status=ApplicationStatus.REJECTED)),
            transfer=Count("pk", filter=Q(status=ApplicationStatus.TRANSFER)),
            waiting=Count("pk", filter=Q(status=ApplicationStatus.PENDING, expires_at__gt=end)),
        ).order_by()
    )
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        key = row.pop("key")
        key = key if len(key) == width else node.path
        bucket = result.setdefault(key, dict.fromkeys(FIGURES, 0))
        for name in FIGURES:
            bucket[name] += row[name]
    return result


def joining_rows(data: ReportData) -> tuple[list[JoiningRow], JoiningRow]:
    counts = joining_counts(data.node, data.month)
    rows = [
        JoiningRow(child.node.name,
                   counts.get(data.node.path if child.is_own else child.node.path, {}))
        for child in data.children
    ]
    total = JoiningRow(_("Total"), {name: sum(r.counts.get(name, 0) for r in rows)
                                    for name in FIGURES})
    return rows, total


def joining_sheet(ws: Worksheet, data: ReportData, subtitle: str) -> None:
    labels = {
        "received": _("Applications received"), "approved": _("Approved"),
        "rejected": _("Rejected"), "transfer": _("Handled as a transfer"),
        "waiting": _("Waiting at month end"),
    }
    columns = [Column(_("Area"), 30, "text", lambda row: row.name)]
    columns += [Column(labels[name], 12, "count", lambda row, name=name: row.counts.get(name, 0))
                for name in FIGURES]
    title = _("%(node)s: online joining, %(period)s") % {
        "node": data.node.name, "period": date_format(data.month, "YEAR_MONTH_FORMAT")}
    header = write_title(ws, title, subtitle, len(columns))
    rows, total = joining_rows(data)
    write_table(ws, header, columns, rows, total)
    finish_sheet(ws, header, len(columns))
