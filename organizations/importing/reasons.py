"""Why a row of an employer or union sheet was refused: codes stored with the import, msgids
shown (a whole file: common.sheets.refusal)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.sheets import refusal

ROW_REASONS = {
    "required": _("This column must be filled in."),
    "too_long": _("Too long: at most %(max)s characters."),
    "credit_code": _("Not a valid unified social credit code: %(message)s"),
    "choice": _("Not one of the allowed values: %(allowed)s."),
    "number": _("Write a whole number, 0 or more."),
    "flag": _("Write 是 or 否."),
    "date_format": _("Not a date; write it like 2019-03-05."),
    "invalid": "%(message)s",  # the model's own message, translated where it was raised
    "node_unknown": _("No federation of this name or area code under %(node)s."),
    "node_ambiguous": _("Several federations under %(node)s have this name or area code; "
                        "write the name of the one meant."),
    "node_grassroots": _("An employer is located under a federation: name one."),
    "dup_in_file": _("The same code appears in rows %(rows)s of this file."),
    "belongs_elsewhere": _("This credit code belongs to an employer of another area."),
    "other_node": _("This employer is registered under %(node)s, outside the node you import "
                    "into."),
    "union_unknown": _("There is no active grassroots union of this name or credit code in "
                       "your area."),
    "covered_elsewhere": _("This employer is already covered by another union."),
    "employer_unknown": _("No employer with credit code %(code)s in the node you import into; "
                          "import the employers first."),
    "employer_closed": _("The employer %(code)s has closed or moved away."),
    "employer_count": _("An independent union covers exactly one employer, a joint union at "
                        "least two."),
    "employer_twice": _("Employer %(code)s is also named in row %(row)s of this file."),
    "example_row": _("This is the template's example row; delete it before uploading."),
    "refused": _("Not written: %(message)s"),
}
FILE_REASONS = {
    "no_header": _("No header row found: the first rows must contain the columns %(columns)s "
                   "(see the template)."),
}


def reason_text(code: str, params: dict | None = None) -> str:
    return refusal.reason_text(code, params, table=ROW_REASONS)
