"""Service sites from Excel: template, upload, every row checked (in Chinese), preview, and a
one-transaction commit.

Sites are few (a county has dozens, a province thousands), so the file is bounded tightly:
SITE_IMPORT_MAX_MB on disk, SITE_IMPORT_MAX_UNPACKED_MB unpacked, SITE_IMPORT_MAX_ROWS rows.
The roster import's public check (members.importing.reader.inspect_file) refuses what is not a
sound xlsx before anything is read.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from common.xlsx_guard import guard_cell
from governance import records
from governance.models import ServiceSite, SiteImport, SiteKind
from common.sheets.reader import inspect_file
from common.sheets.refusal import RefusedFile
from organizations.audit import audit
from organizations.models import Union
from organizations.scope import require_within
from organizations.selectors import federation_list

SITE_IMPORT_MAX_MB = 5
SITE_IMPORT_MAX_UNPACKED_MB = 40
SITE_IMPORT_MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10

# Header as written in the template -> field; a few spellings staff use as well.
HEADERS = {
    "名称": "name", "站点名称": "name", "阵地名称": "name",
    "类型": "kind", "站点类型": "kind",
    "地址": "address",
    "开放时间": "opening_hours",
    "面积（平方米）": "area", "面积(平方米)": "area", "面积": "area",
    "所属组织": "node", "所属工会": "node",
}
TEMPLATE_HEADERS = ["名称", "类型", "地址", "开放时间", "面积（平方米）", "所属组织"]
KIND_NAMES = {
    "职工服务中心": SiteKind.SERVICE_CENTER, "服务中心": SiteKind.SERVICE_CENTER,
    "工会驿站": SiteKind.STATION, "驿站": SiteKind.STATION, "户外劳动者驿站": SiteKind.STATION,
    "职工书屋": SiteKind.READING_ROOM, "爱心妈咪小屋": SiteKind.MOTHER_ROOM,
    "其他": SiteKind.OTHER, "其他服务阵地": SiteKind.OTHER,
}
EXAMPLE = ["示例街道工会驿站", "工会驿站", "示例路1号", "8:00-20:00", 30, ""]
MAX_LENGTH = {"name": 100, "address": 200, "opening_hours": 100, "node": 200}

ROW_ERRORS = {
    "required": gettext_lazy("%(column)s must be filled in."),
    "too_long": gettext_lazy("%(column)s is too long: at most %(max)s characters."),
    "kind": gettext_lazy("Unknown type; write one of: %(allowed)s."),
    "area": gettext_lazy("The area must be a number of square metres, 0 or more."),
    "node_unknown": gettext_lazy("No federation of this name under %(node)s."),
    "node_ambiguous": gettext_lazy("Several federations under %(node)s have this name."),
    "dup_in_file": gettext_lazy("The same site appears twice in this file (row %(row)s)."),
    "exists": gettext_lazy("%(node)s already has a site of this name."),
    "example_row": gettext_lazy("This is the template's example row; delete it."),
}
FILE_ERRORS = {
    "too_big": gettext_lazy("The file is larger than %(mb)s MB."),
    "unpacked_too_big": gettext_lazy("The workbook unpacks to more than %(mb)s MB."),
    "too_many_rows": gettext_lazy("At most %(max)s sites can be imported at once."),
    "no_header": gettext_lazy("No header row found: the columns 名称, 类型 and 地址 are needed "
                              "(see the template)."),
    "only_headers": gettext_lazy("The sheet has headers but no data rows."),
}


class SiteFileRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def error_text(error: dict) -> str:
    return str(ROW_ERRORS[error["code"]]) % error.get("params", {})


# The template -------------------------------------------------------------------------------

def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "服务阵地"
    for column, header in enumerate(TEMPLATE_HEADERS, start=1):
        guard_cell(sheet.cell(row=1, column=column, value=header)).font = Font(bold=True)
        guard_cell(sheet.cell(row=2, column=column, value=EXAMPLE[column - 1])).font = Font(
            italic=True, color="808080")
        sheet.column_dimensions[chr(64 + column)].width = 24
    notes = workbook.create_sheet("填写说明")
    lines = [
        _("How to fill in the service sites sheet"),
        _("1. Row 2 is an example: delete it before uploading."),
        _("2. 名称, 类型 and 地址 are required."),
        _("3. 类型: one of %(kinds)s.") % {"kinds": "、".join(_kind_labels())},
        _("4. 所属组织: the name of a federation under the one you import into; empty means "
          "that federation itself."),
        _("5. At most %(rows)s rows.") % {"rows": SITE_IMPORT_MAX_ROWS},
    ]
    for row, line in enumerate(lines, start=1):
        guard_cell(notes.cell(row=row, column=1, value=line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _kind_labels() -> list[str]:
    return ["职工服务中心", "工会驿站", "职工书屋", "爱心妈咪小屋", "其他"]


# Reading ------------------------------------------------------------------------------------

def read_sheet(path: Path) -> list[tuple[int, dict]]:
    """(Excel row number, {field: raw value}) of every non-blank row; SiteFileRefused else."""
    if path.stat().st_size > SITE_IMPORT_MAX_MB * 1024 * 1024:
        raise SiteFileRefused(str(FILE_ERRORS["too_big"]) % {"mb": SITE_IMPORT_MAX_MB})
    try:
        inspect_file(path)
    except RefusedFile as exc:
        raise SiteFileRefused(str(exc))
    with zipfile.ZipFile(path) as archive:
        if sum(i.file_size for i in archive.infolist()) > SITE_IMPORT_MAX_UNPACKED_MB * 1024 ** 2:
            raise SiteFileRefused(
                str(FILE_ERRORS["unpacked_too_big"]) % {"mb": SITE_IMPORT_MAX_UNPACKED_MB})
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = _first_sheet(workbook)
    except SiteFileRefused:
        raise
    except Exception:  # calamine has several unrelated error types for a damaged file
        raise SiteFileRefused(str(RefusedFile("corrupt")))
    if sheet.height > SITE_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS:
        raise SiteFileRefused(str(FILE_ERRORS["too_many_rows"]) % {"max": SITE_IMPORT_MAX_ROWS})
    return _rows_below_header(sheet)


def _first_sheet(workbook: CalamineWorkbook):
    for meta in workbook.sheets_metadata:
        if meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible:
            return workbook.get_sheet_by_name(meta.name)
    raise SiteFileRefused(str(FILE_ERRORS["no_header"]))


def _rows_below_header(sheet) -> list[tuple[int, dict]]:
    first_row = (sheet.start or (0, 0))[0]
    rows = sheet.iter_rows()
    for offset in range(HEADER_SEARCH_ROWS):
        cells = next(rows, None)
        if cells is None:
            break
        columns = {}
        for index, cell in enumerate(cells):
            key = HEADERS.get("".join(str(cell or "").split()))
            if key and key not in columns:
                columns[key] = index
        if {"name", "kind", "address"} <= columns.keys():
            break
    else:
        cells = None
    if cells is None or not {"name", "kind", "address"} <= columns.keys():
        raise SiteFileRefused(str(FILE_ERRORS["no_header"]))
    found, number = [], first_row + offset + 1
    for cells in rows:
        number += 1
        if any(cell not in (None, "") for cell in cells):
            found.append((number, {k: cells[i] if i < len(cells) else None
                                   for k, i in columns.items()}))
    if not found:
        raise SiteFileRefused(str(FILE_ERRORS["only_headers"]))
    return found


# Checking -----------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.date, datetime.time)):
        value = value.isoformat()
    return " ".join(str(value).split())


def _area(value) -> tuple[str, bool]:
    """The area as a decimal string ("" when empty) and whether it is valid."""
    text = _text(value)
    if not text:
        return "", True
    try:
        area = Decimal(text).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        return text, False
    return str(area), Decimal(0) <= area < Decimal(10_000_000)


def _federations_by_name(user: AbstractBaseUser, node: Union) -> dict[str, list[Union]]:
    found: dict[str, list[Union]] = {}
    for fed in federation_list(user=user).within(node):
        found.setdefault(fed.name, []).append(fed)
    return found


def check_rows(*, user: AbstractBaseUser, node: Union, rows: list[tuple[int, dict]]) -> list[dict]:
    """Every row with its cleaned values and its errors (codes and parameters)."""
    require_within(user, node)
    federations = _federations_by_name(user, node)
    existing = set(ServiceSite.objects.within(node).values_list("node_id", "name"))
    seen: dict[tuple[int, str], int] = {}
    checked = []
    for number, raw in rows:
        values = {k: _text(raw.get(k)) for k in ("name", "kind", "address", "opening_hours",
                                                 "node")}
        values["area"], area_ok = _area(raw.get("area"))
        errors = _field_errors(values, area_ok)
        target = _target(values["node"], node, federations, errors)
        values["node_id"], values["kind"] = target.pk if target else None, KIND_NAMES.get(
            values["kind"], values["kind"])
        if [raw.get(k) for k in ("name", "kind", "address")] == EXAMPLE[:3]:
            errors.append({"code": "example_row"})
        if target is not None and values["name"]:
            key = (target.pk, values["name"])
            if key in seen:
                errors.append({"code": "dup_in_file", "params": {"row": seen[key]}})
            elif key in existing:
                errors.append({"code": "exists", "params": {"node": target.name}})
            seen.setdefault(key, number)
        checked.append({"row": number, "values": values, "errors": errors,
                        "node_name": target.name if target else values["node"]})
    return checked


def _field_errors(values: dict, area_ok: bool) -> list[dict]:
    errors = []
    labels = {"name": "名称", "kind": "类型", "address": "地址", "opening_hours": "开放时间",
              "node": "所属组织"}
    for key in ("name", "kind", "address"):
        if not values[key]:
            errors.append({"code": "required", "params": {"column": labels[key]}})
    for key, limit in MAX_LENGTH.items():
        if len(values[key]) > limit:
            errors.append({"code": "too_long", "params": {"column": labels[key], "max": limit}})
    if values["kind"] and values["kind"] not in KIND_NAMES:
        errors.append({"code": "kind", "params": {"allowed": "、".join(_kind_labels())}})
    if not area_ok:
        errors.append({"code": "area"})
    return errors


def _target(name: str, node: Union, federations: dict, errors: list[dict]) -> Union | None:
    if not name or name == node.name:
        return node
    matches = federations.get(name, [])
    if len(matches) == 1:
        return matches[0]
    errors.append({"code": "node_ambiguous" if matches else "node_unknown",
                   "params": {"node": node.name}})
    return None


@transaction.atomic
def site_import_check(*, node: Union, path: Path, file_name: str,
                      by: AbstractBaseUser) -> SiteImport:
    """Read and check an uploaded sheet; nothing is written but the checked rows."""
    require_within(by, node)
    rows = check_rows(user=by, node=node, rows=read_sheet(path))
    batch = SiteImport.objects.create(node=node, by=by, file_name=file_name[:200], rows=rows)
    audit(by=by, action="service_site.import_check", obj=batch, node=node,
          data={"rows": len(rows), "errors": batch.error_count})
    return batch


@transaction.atomic
def site_import_commit(*, batch: SiteImport, by: AbstractBaseUser) -> int:
    """Write every row, or nothing: the rows are checked again against today's sites first."""
    require_within(by, batch.node)
    batch = SiteImport.objects.select_for_update().get(pk=batch.pk)  # one commit at a time
    if batch.committed_at is not None:
        raise ValidationError(_("This file has already been imported."))
    raw = [(r["row"], {**r["values"], "node": r["node_name"] if r["values"]["node"] else "",
                       "kind": _kind_label(r["values"]["kind"])}) for r in batch.rows]
    rows = check_rows(user=by, node=batch.node, rows=raw)
    if any(r["errors"] for r in rows):
        batch.rows = rows
        batch.save(update_fields=["rows"])
        raise ValidationError(_("Some rows have errors; correct the file and upload it again."))
    nodes = {n.pk: n for n in Union.objects.filter(pk__in={r["values"]["node_id"] for r in rows})}
    for row in rows:
        v = row["values"]
        records.site_create(by=by, node=nodes[v["node_id"]], name=v["name"], kind=v["kind"],
                            address=v["address"], opening_hours=v["opening_hours"],
                            area_m2=Decimal(v["area"]) if v["area"] else None)
    batch.committed_at = timezone.now()
    batch.save(update_fields=["committed_at"])
    audit(by=by, action="service_site.import", obj=batch, node=batch.node,
          data={"sites": len(rows)})
    return len(rows)


def _kind_label(kind: str) -> str:
    """Back from the stored value to the Chinese name the check reads."""
    for label, value in KIND_NAMES.items():
        if value == kind:
            return label
    return kind
