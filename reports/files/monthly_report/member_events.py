"""The monthly report's sheet of membership changes: each 会籍变化类型 counted per area.

The counts come from the member events of the month (members.models.MemberEvent), grouped by
the child area of the report's node, in one query. Memberships seeded or written before the
events existed have none, so their joining is not counted here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from counting.months import next_month
from members.models import ChangeType, MemberEvent
from organizations.models import Union
from reports.files.monthly_report.data import ReportData
from reports.files.monthly_report.styles import Column, finish_sheet, write_table, write_title


@dataclass
class EventRow:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    kept: int = 0


def event_counts(node: Union, month) -> dict[str, dict[str, int]]:
    """{child path (the node's own path for its own unions): {change type: count}}."""
    width = (node.depth + 1) * Union.steplen
    rows = (MemberEvent.objects
            .filter(date__gte=month, date__lt=next_month(month), union__path__startswith=node.path)
            .annotate(key=Substr("union__path", 1, width))
            .values("key", "change_type").annotate(n=Count("pk")).order_by())
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        key = row["key"] if len(row["key"]) == width else node.path
        bucket = result.setdefault(key, {})
        bucket[row["change_type"]] = bucket.get(row["change_type"], 0) + row["n"]
    return result


def member_event_rows(data: ReportData) -> tuple[list[EventRow], EventRow]:
    counts = event_counts(data.node, data.month)
    rows = []
    for child in data.children:
        path = child.node.path if not child.is_own else data.node.path
        rows.append(EventRow(child.node.name, counts.get(path, {}), child.figures.members_kept))
    total = EventRow(_("Total"), {}, data.totals.members_kept)
    for row in rows:
        for code, n in row.counts.items():
            total.counts[code] = total.counts.get(code, 0) + n
    return rows, total


def member_events_sheet(ws: Worksheet, data: ReportData, subtitle: str) -> None:
    columns = [Column(_("Area"), 30, "text", lambda row: row.name)]
    for code, label in ChangeType.choices:
        columns.append(Column(f"{code} {label}", 10, "count",
                              lambda row, code=code: row.counts.get(code, 0)))
    columns.append(Column(_("Kept memberships at month end"), 12, "count", lambda row: row.kept))
    title = _("%(node)s: membership changes by type, %(period)s") % {
        "node": data.node.name, "period": date_format(data.month, "YEAR_MONTH_FORMAT")}
    header = write_title(ws, title, subtitle, len(columns))
    rows, total = member_event_rows(data)
    write_table(ws, header, columns, rows, total)
    finish_sheet(ws, header, len(columns))
