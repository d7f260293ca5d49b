"""The union sheet: grassroots unions already founded, each with the credit codes of the
employers it covers, for a federation moving its register over. Each new one is registered
through `union_create` as founded (建会登记 with its founding date), so the tier rules,
coverage, counters and the audit log hold; a union already registered (by its credit code, or
its name under the same federation) is updated field by field through `union_update`.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.sheets import cells
from common.sheets.cells import CellError, text
from common.sheets.headers import header_key
from common.sheets.reader import Sheet
from organizations import services
from organizations.importing.employers import credit_code, phone
from organizations.importing.rows import (
    Outcome,
    Places,
    Row,
    choice,
    count,
    read_row,
    require,
    text_of,
)
from organizations.models import Employer, Formation, Level, Union, UnionStatus, check_tier

_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
MAX_EMPLOYERS = 500  # codes in one cell: a joint union of a big park has a few hundred


def employer_codes(value: object) -> tuple[str, ...]:
    codes = [c for c in _SEPARATORS.split(text(value)) if c]
    if len(codes) > MAX_EMPLOYERS:
        raise CellError("too_long", max=MAX_EMPLOYERS)
    return tuple(dict.fromkeys(credit_code(c) for c in codes))


def founded_on(value: object):
    day = cells.date(value)
    if day > timezone.localdate():
        raise CellError("date_format")
    return day


NORMALIZERS = {
    "name": text_of(200), "credit_code": credit_code, "parent": text_of(100),
    "formation": choice("formation"), "employers": employer_codes, "founded_on": founded_on,
    "chair_name": text_of(50), "chair_phone": phone, "full_time_staff": count,
    "part_time_staff": count,
}
WRITTEN = ("name", "credit_code", "formation", "founded_on", "chair_name", "chair_phone",
           "full_time_staff", "part_time_staff")


class Context:
    def __init__(self, node: Union, scope: Union | None) -> None:
        self.node, self.places = node, Places(node)
        self.unions: dict[tuple, Union] = {}
        for union in Union.objects.filter(path__startswith=node.path, level=Level.GRASSROOTS):
            if union.credit_code:
                self.unions[("code", union.credit_code)] = union
            parent_path = union.path[:-Union.steplen]
            self.unions[("name", parent_path, header_key(union.name))] = union


def check(sheet: Sheet, ctx: Context) -> Outcome:
    outcome, rows, seen = Outcome(), [], defaultdict(list)
    for number, row_cells in sheet.rows():
        outcome.rows += 1
        before = len(outcome.issues)
        values, failed = read_row(number, row_cells, sheet, NORMALIZERS, outcome)
        if require(number, values, sheet, ("name", "formation", "employers", "founded_on"),
                   outcome, failed) and len(outcome.issues) == before:
            rows.append(Row(number, values))
            for code in values["employers"]:
                seen[code].append(number)
    employers = {e.credit_code: e for e in Employer.objects.filter(
        credit_code__in=list(seen)).select_related("union", "node")}
    for row in rows:
        _classify(row, employers, seen, sheet, ctx, outcome)
    outcome.issues.sort(key=lambda issue: issue[0])
    return outcome


def _classify(row: Row, employers: dict, seen: dict, sheet: Sheet, ctx: Context,
              outcome: Outcome) -> None:
    values, before = row.values, len(outcome.issues)
    parent, problem = ctx.places.find(values.get("parent", ""))
    if problem:
        outcome.issue(row.number, sheet.header_of("parent") if "parent" in sheet.columns
                      else sheet.header_of("name"), values.get("parent", ""), problem,
                      node=ctx.node.name)
        return
    existing = _existing(values, parent, ctx)
    found = _employers(row, employers, seen, existing, sheet, ctx, outcome)
    count_ok = (len(found) == 1) if values["formation"] == Formation.INDEPENDENT else len(found) >= 2
    if not count_ok:
        outcome.issue(row.number, sheet.header_of("employers"), "、".join(values["employers"]),
                      "employer_count")
    try:
        check_tier(parent=parent, level=Level.GRASSROOTS)
    except ValidationError as error:
        outcome.issue(row.number, sheet.header_of("name"), values["name"], "invalid",
                      message=" ".join(error.messages))
    if len(outcome.issues) > before:
        return
    fields = {k: v for k, v in values.items() if k in WRITTEN}
    row.values["employer_ids"] = sorted(e.pk for e in found)
    if existing is None:
        row.target, row.changed = parent, fields
        outcome.new.append(row)
        return
    row.target = existing
    row.changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
    if sorted(existing.employers.values_list("pk", flat=True)) != row.values["employer_ids"]:
        row.changed["employers"] = row.values["employer_ids"]
    (outcome.updated if row.changed else outcome.unchanged).append(row)


def _existing(values: dict, parent: Union, ctx: Context) -> Union | None:
    if values.get("credit_code") and ("code", values["credit_code"]) in ctx.unions:
        return ctx.unions[("code", values["credit_code"])]
    return ctx.unions.get(("name", parent.path, header_key(values["name"])))


def _employers(row: Row, employers: dict, seen: dict, existing: Union | None, sheet: Sheet,
               ctx: Context, outcome: Outcome) -> list[Employer]:
    header, found = sheet.header_of("employers"), []
    for code in row.values["employers"]:
        employer = employers.get(code)
        others = [r for r in seen[code] if r != row.number]
        if employer is None or not employer.node.path.startswith(ctx.node.path):
            outcome.issue(row.number, header, code, "employer_unknown", code=code)
        elif not employer.is_open:
            outcome.issue(row.number, header, code, "employer_closed", code=code)
        elif others:
            outcome.issue(row.number, header, code, "employer_twice", code=code, row=others[0])
        elif employer.union_id and (existing is None or employer.union_id != existing.pk) \
                and not employer.union.is_ended:
            outcome.issue(row.number, header, code, "covered_elsewhere")
        else:
            found.append(employer)
    return found


def write(outcome: Outcome, *, by, record) -> tuple[int, int, list[list]]:
    """Register the new unions as founded and update the changed ones, each in a savepoint:
    a row the services refuse is reported and skipped."""
    new = updated = 0
    refusals: list[list] = []
    for row in [*outcome.new, *outcome.updated]:
        fields = {k: v for k, v in row.changed.items() if k != "employers"}
        try:
            with transaction.atomic():
                if row.target.level != Level.GRASSROOTS:
                    services.union_create(
                        parent=row.target, level=Level.GRASSROOTS, by=by,
                        status=UnionStatus.ACTIVE, employers=_employers_of(row), **fields)
                    new += 1
                else:
                    extra = {"employers": _employers_of(row)} if "employers" in row.changed else {}
                    services.union_update(union=row.target, by=by, version=row.target.version,
                                          **fields, **extra)
                    updated += 1
        except ValidationError as error:
            refusals.append([row.number, "", row.values["name"], "refused",
                             {"message": " ".join(error.messages)[:300]}])
    return new, updated, refusals


def _employers_of(row: Row) -> list[Employer]:
    return list(Employer.objects.filter(pk__in=row.values["employer_ids"]))
