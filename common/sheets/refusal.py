"""Why a whole uploaded file was refused: a code stored with the import, a msgid shown to the
user (codes are stored, not text, so the page speaks the reader's language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FILE_REASONS = {
    "xls": _(
        "This is an old Excel 97-2003 (.xls) workbook. Open it in Excel or WPS, save it as "
        "an .xlsx workbook and upload that."
    ),
    "encrypted": _(
        "This workbook is protected by a password. Open it, save a copy without the password "
        "and upload that."
    ),
    "text": _(
        "This is a text or CSV file, not an Excel workbook. Open it in Excel or WPS and save "
        "it as .xlsx."
    ),
    "image": _("This is a picture, not an Excel workbook. Upload the .xlsx roster."),
    "not_xlsx": _("This file is not an Excel .xlsx workbook."),
    "corrupt": _(
        "The file is damaged and cannot be opened. Save it again from Excel or WPS and upload "
        "the new copy."
    ),
    "too_big": _("The file is larger than %(mb)s MB; split the roster into smaller files."),
    "unpacked_too_big": _(
        "The workbook unpacks to more than %(mb)s MB, far more than a roster needs; "
        "it was not opened. Split the roster or remove pictures and save it again."
    ),
    "too_many_rows": _(
        "The sheet has %(rows)s rows; at most %(max)s rows can be imported at once. "
        "Split the roster into several files."
    ),
    "rows_beyond": _(
        "Sheet %(sheet)s has a value in cell %(cell)s, beyond the %(max)s rows a roster may "
        "use; it was not read. Split the roster, or delete the rows below it, and save again."
    ),
    "columns_beyond": _(
        "Sheet %(sheet)s has a value in cell %(cell)s, far to the right of the roster (nothing "
        "past column %(column)s is read); it was not read. Delete the columns after the roster "
        "and save again."
    ),
    "read_memory": _(
        "Reading this workbook needed more memory than allowed; nothing was written. Save the "
        "roster as a new workbook with only its own rows and columns, then upload that."
    ),
    "read_timeout": _(
        "Reading this workbook took longer than allowed; nothing was written. Split the roster "
        "into smaller files."
    ),
    "worker_lost": _(
        "The check of this file stopped without finishing; nothing was written. Check the file "
        "again."
    ),
    "empty": _("The sheet is empty."),
    "no_header": _(
        "No header row found: the first rows must contain the columns 姓名 and 身份证号 "
        "(see the template)."
    ),
    "missing_columns": _("These required columns are missing: %(columns)s."),
    "only_headers": _("The sheet has headers but no data rows."),
    "formulas": _(
        "Cells %(cells)s contain formulas whose values were never calculated. Open the file in "
        "Excel or WPS and save it, or paste the values only, then upload again."
    ),
    "failed": _("The import stopped because of an internal error; nothing was written."),
    "lookup_limit": _(
        "You have checked too many resident IDs that belong to existing members in the last "
        "hour; the roster was not checked. Please try again later, or ask your federation."
    ),
    "stale": _(
        "The members changed while this import was being written; nothing was written. "
        "Check the file again."
    ),
    "had_errors": _(
        "You asked for all or nothing and %(count)s rows have errors; nothing was written."
    ),
}


def reason_text(code: str, params: dict | None, *, table: dict) -> str:
    message = str(table.get(code, code))
    return message % params if params else message


def file_reason_text(problem: dict, *, table: dict | None = None) -> str:
    """The problem's text; `table` (an import's own wording of some codes) comes first."""
    if not problem:
        return ""
    code = problem.get("code", "failed")
    wording = table if table and code in table else FILE_REASONS
    return reason_text(code, problem.get("params"), table=wording)


class RefusedFile(Exception):
    """The whole file is refused before any row is looked at."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def problem(self) -> dict:
        return {"code": self.code, "params": self.params}

    def __str__(self) -> str:
        return file_reason_text(self.problem)
