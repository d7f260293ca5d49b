"""The member roster of any node, up to the whole city, as an .xlsx file.

Written with rustpy-xlsxwriter (a binding of the Rust rust_xlsxwriter) in constant-memory
mode: about ten times the rate of openpyxl's write-only mode on the same rows, with memory
that does not grow with the row count. Members are read through a server-side cursor, so the
worker holds one chunk of rows at a time, never the roster.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from rustpy_xlsxwriter import Format, write_worksheets

from common import crypto
from common.sealed_id import mask_tail
from members.identity import birth_month
from members.models import EightGroup, Gender, Member, NewFormCategory
from organizations.audit import audit
from organizations.models import Employer, Union
from organizations.scope import is_admin, require_within

# Excel's hard limit of rows per worksheet, header and title rows included.
EXCEL_MAX_ROWS = 1_048_576
TITLE_ROWS = 2  # a title line and the column headers
DEFAULT_SHEET_ROWS = EXCEL_MAX_ROWS - TITLE_ROWS
CHUNK_SIZE = 20_000
PROGRESS_EVERY = 50_000

ProgressCallback = Callable[[int, int], None]


class RosterChanged(RuntimeError):
    """More members than counted arrived while exporting; the task retries from scratch."""

    passing = True  # common.jobs: worth another attempt


@dataclass(frozen=True)
class RosterResult:
    rows: int
    sheets: int
    full_ids: bool


def roster_headers(*, full_ids: bool = False) -> list[str]:
    """Column headers in the active language (the builder renders them in Chinese).

    A masked roster has the birth month, not the date: the mask hides exactly the 8 birth-date
    digits, so a full date next to a masked ID would give the whole ID back.
    """
    return [
        _("Full name"),
        _("Resident ID"),
        _("Gender"),
        _("Birth date") if full_ids else _("Birth month"),
        _("Phone"),
        _("Grassroots union"),
        _("Higher union"),
        _("Employer"),
        _("Joined date"),
        _("Migrant worker"),
        _("New employment form"),
        _("Eight key groups"),
        _("Card number"),  # 会员卡号
    ]


# Text columns that come from what people typed: they get the quote-prefix style, so a
# name such as "=cmd|..." stays text even when an Excel user edits the cell.
TYPED_TEXT_COLUMNS = (0, 4, 5, 6, 7)
WIDTHS = [12, 22, 6, 12, 14, 32, 26, 32, 12, 8, 14, 14, 16]


def roster_members(node: Union, *, full_ids: bool = False) -> models.QuerySet:
    """Active members under `node`, grouped by union; the roster's row source.

    A masked roster reads the stored last four characters; only a full-ID roster reads the
    ciphertext (decrypted in roster_rows)."""
    return (
        Member.objects.within(node)
        .active()
        .order_by("union__path", "pk")
        .values_list(
            "name",
            "resident_id_enc" if full_ids else "resident_id_last4",
            "gender",
            "birth_date",
            "phone",
            "union_id",
            "employer_id",
            "joined_on",
            "is_migrant",
            "new_form_category",
            "eight_group",
            "card_no",
        )
    )


def _union_names(node: Union) -> dict[int, tuple[str, str]]:
    """{grassroots union id: (its name, its parent's name)}: joined in Python, not in SQL,
    so the cursor carries ids instead of repeating long names 2.67 million times."""
    nodes = Union.objects.filter(path__startswith=node.path[: node.steplen]).values_list(
        "pk", "path", "name", "level"
    )
    by_path = {path: name for _pk, path, name, _level in nodes}
    step = Union.steplen
    return {
        pk: (name, by_path.get(path[:-step], ""))
        for pk, path, name, level in nodes
        if level == "grassroots" and path.startswith(node.path)
    }


class _EmployerNames(dict):
    """Employer names by id, loaded for the node up front; a stray one is fetched once."""

    def __missing__(self, pk: int | None) -> str:
        name = (
            ""
            if pk is None
            else (Employer.objects.filter(pk=pk).values_list("name", flat=True).first() or "")
        )
        self[pk] = name
        return name

    @classmethod
    def for_node(cls, node: Union) -> "_EmployerNames":
        qs = Employer.objects.filter(
            models.Q(union__path__startswith=node.path) | models.Q(node__path__startswith=node.path)
        )
        return cls(qs.values_list("pk", "name").iterator(chunk_size=CHUNK_SIZE))


def roster_rows(node: Union, *, full_ids: bool) -> Iterator[dict]:
    """One dict per member, keyed by the translated headers (the writer's row format)."""
    keys = roster_headers(full_ids=full_ids)
    unions = _union_names(node)
    employers = _EmployerNames.for_node(node)
    genders = {code: str(label) for code, label in Gender.choices}
    new_forms = {code: str(label) for code, label in NewFormCategory.choices} | {"": ""}
    groups = {code: str(label) for code, label in EightGroup.choices} | {"": ""}
    yes, no = _("Yes"), _("No")
    show_id = crypto.cipher().decrypt if full_ids else mask_tail
    k = keys
    for (
        name,
        rid,
        gender,
        birth,
        phone,
        union_id,
        employer_id,
        joined,
        migrant,
        form,
        group,
        card,
    ) in roster_members(node, full_ids=full_ids).iterator(chunk_size=CHUNK_SIZE):
        union_name, parent_name = unions.get(union_id, ("", ""))
        rid = show_id(rid)
        yield {
            k[0]: name,
            k[1]: rid,
            k[2]: genders.get(gender, gender),
            # The stored birth month; the full date only from a decrypted full ID.
            k[3]: _birth_date(rid) if full_ids else birth_month(birth),
            k[4]: phone,
            k[5]: union_name,
            k[6]: parent_name,
            k[7]: employers[employer_id],
            k[8]: joined,
            k[9]: yes if migrant else no,
            k[10]: new_forms.get(form, form),
            k[11]: groups.get(group, group),
            k[12]: card,
        }


def _birth_date(rid: str) -> datetime.date:
    return datetime.date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14]))


def _with_progress(rows: Iterator[dict], total: int, progress: ProgressCallback | None):
    if progress is None:
        yield from rows
        return
    done = 0
    for done, row in enumerate(rows, 1):
        yield row
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    progress(done, total)


def roster_write(
    path: Path | str,
    rows: Iterator[dict],
    *,
    total: int,
    title: str,
    headers: list[str],
    sheet_rows: int = DEFAULT_SHEET_ROWS,
) -> int:
    """Write `total` rows over as many sheets as the per-sheet limit needs; returns sheets.

    The writer takes its sheets as a list up front and drains each sheet's iterator in turn,
    so every sheet gets a slice of one shared iterator.
    """
    count = max(1, math.ceil(total / sheet_rows))
    base = _("Members")
    names = [base if count == 1 else f"{base} ({n})" for n in range(1, count + 1)]
    shared = iter(rows)
    entries = [(name, itertools.islice(shared, sheet_rows)) for name in names]
    if total == 0:
        # The writer takes the headers from the first row: give an empty roster one blank row.
        entries = [(names[0], iter([dict.fromkeys(headers)]))]
    title_format = Format().set_bold().set_font_size(14)
    headers_format = Format().set_bold().set_background_color("#DDEBF7").set_border("thin")
    last_col = len(headers) - 1
    write_worksheets(
        entries,
        str(path),
        header_row={"general": TITLE_ROWS - 1},
        merge_ranges={name: [(0, 0, 0, last_col, title, title_format)] for name in names},
        freeze_panes={"general": {"row": TITLE_ROWS}},
        header_format={"general": headers_format},
        column_widths={"general": WIDTHS},
        column_formats={"general": _column_formats(len(headers))},
        ignore_errors={"general": [headers[1], headers[4]]},
        datetime_format="yyyy-mm-dd",
        page_setup={
            "general": {
                "landscape": True,
                "repeat_rows": (TITLE_ROWS - 1, TITLE_ROWS - 1),
                "fit_to_pages": (1, 0),
            }
        },
    )
    if next(shared, None) is not None:
        raise RosterChanged("members were added while the roster was being written")
    return count


def _column_formats(columns: int) -> list[Format | None]:
    quoted = Format().set_quote_prefix()
    return [quoted if i in TYPED_TEXT_COLUMNS else None for i in range(columns)]


def roster_title(node: Union, by: str, *, full_ids: bool) -> str:
    now = formats.date_format(timezone.localtime(), "Y-m-d H:i")
    ids = _("full resident IDs") if full_ids else _("resident IDs masked")
    return _("%(node)s member roster (%(ids)s), exported %(when)s by %(who)s") % {
        "node": node.name,
        "ids": ids,
        "when": now,
        "who": by,
    }


def roster_build(
    *,
    node: Union,
    path: Path | str,
    full_ids: bool,
    by: str,
    sheet_rows: int = DEFAULT_SHEET_ROWS,
    progress: ProgressCallback | None = None,
) -> RosterResult:
    """Write the active members under `node` into `path`, IDs masked unless `full_ids`.

    Scope and the right to full IDs are the caller's: the generated-files service decided
    both when the roster was requested, and audits a full-ID file against its record.
    """
    total = roster_members(node).count()
    with translation.override("zh-hans"):
        headers = roster_headers(full_ids=full_ids)
        rows = _with_progress(roster_rows(node, full_ids=full_ids), total, progress)
        sheets = roster_write(
            path,
            rows,
            total=total,
            headers=headers,
            sheet_rows=sheet_rows,
            title=roster_title(node, by, full_ids=full_ids),
        )
    return RosterResult(rows=total, sheets=sheets, full_ids=full_ids)


def roster_audit(
    *, by: AbstractBaseUser, node: Union, obj: models.Model, result: RosterResult, file: str
) -> None:
    """A full-ID roster hands out personal data: who, when, which node, how many rows."""
    audit(
        by=by,
        action="roster_export_full_ids",
        obj=obj,
        node=node,
        data={"node": node.name, "rows": result.rows, "sheets": result.sheets, "file": file},
    )


def roster_export(
    *,
    user: AbstractBaseUser,
    node: Union,
    path: Path | str,
    sheet_rows: int = DEFAULT_SHEET_ROWS,
    progress: ProgressCallback | None = None,
) -> RosterResult:
    """The roster of `node` for `user`, exported at once: the one scope check, then IDs
    masked unless the user is an administrator, whose full-ID export is audited."""
    require_within(user, node)
    result = roster_build(
        node=node,
        path=path,
        full_ids=is_admin(user),
        by=user.get_username(),
        sheet_rows=sheet_rows,
        progress=progress,
    )
    if result.full_ids:
        roster_audit(by=user, node=node, obj=node, result=result, file=Path(path).name)
    return result
