"""Why a row of a roster was refused (a whole file: common.sheets.refusal): a code stored with the batch, a msgid shown to the user.

Codes are stored (not translated text) so the preview speaks the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.sheets import refusal
from common.sheets.refusal import FILE_REASONS, RefusedFile

__all__ = ["FILE_REASONS", "ROW_REASONS", "RefusedFile", "file_reason_text", "reason_text"]

ROW_REASONS = {
    "required": _("This column must be filled in."),
    "invisible": _("This cell holds only invisible characters; write the text itself."),
    "id_format": _(
        "Not a resident ID: it must be 18 characters (digits, the last may be X), "
        "or an old 15-digit number."
    ),
    "id_checksum": _("The check digit of this resident ID is wrong; please check each digit."),
    "id_component": _("This resident ID contains an impossible birth date or region code."),
    "id_precision": _(
        "Excel stored this ID as a number and lost its last digits. Format the column as "
        "text and type the ID again."
    ),
    "date_format": _("Not a date; write it like 2019-03-05."),
    "date_range": _("This date is impossible: it is in the future or before 1925."),
    "date_before_birth": _("The joining date is before the person's birth date."),
    "flag": _("Write 是 or 否."),
    "choice": _("Not one of the allowed values: %(allowed)s."),
    "phone": _("Not a phone number."),
    "too_long": _("Too long: at most %(max)s characters."),
    "dup_in_file": _("The same resident ID appears in rows %(rows)s of this file."),
    "member_elsewhere": _(
        "This person is already an active member of %(union)s; "
        "a membership transfer (会员关系接转) is needed, not an import."
    ),
    "member_outside": _(
        "This person is already a member of another union outside your area; "
        "ask that union to transfer the membership (会员关系接转)."
    ),
    "union_required": _("Write the grassroots union of this member."),
    "union_unknown": _("There is no grassroots union of this name under the chosen node."),
    "union_ambiguous": _(
        "Several grassroots unions under the chosen node have this name; "
        "write the union's credit code instead."
    ),
    "union_mismatch": _("This row names a union other than the one you are importing into."),
    "employer_unknown": _("This employer is not covered by the member's union."),
    "employer_ambiguous": _(
        "Several employers covered by this union have this name; write the credit code instead."
    ),
    "example_row": _("This is the template's example row; delete it before uploading."),
    "changed": _(
        "This person's membership changed after the file was checked; check the file again."
    ),
}

def reason_text(code: str, params: dict | None = None, *, table: dict = ROW_REASONS) -> str:
    return refusal.reason_text(code, params, table=table)


def file_reason_text(problem: dict) -> str:
    return refusal.file_reason_text(problem)
