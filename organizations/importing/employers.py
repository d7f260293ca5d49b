"""The employer sheet: each row checked against the registry (nothing written), then written
through `employer_create` / `employer_update` so counters, history and the audit log hold.

A row is matched by its credit code: a new code is a new employer; a known one in the node
imported into is updated in the fields whose cells were filled in and differ, and only those;
a known one elsewhere is an error (outside the user's area without saying whose).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from common.phones import validate_phone
from common.sheets.cells import CellError, text
from common.sheets.headers import header_key
from common.sheets.reader import Sheet
from organizations import services
from organizations.facts import EMPLOYER_FACT_FIELDS
from organizations.importing.rows import (
    Outcome,
    Places,
    Row,
    choice,
    count,
    mark_duplicates,
    read_row,
    require,
    text_of,
)
from organizations.models import ENDED_STATUSES, Employer, Level, Union
from organizations.validators import normalize_credit_code, validate_credit_code

EXAMPLE_CODE = "91350100M000100Y43"  # the example of GB 32100 itself


def credit_code(value: object) -> str:
    code = normalize_credit_code(text(value))
    try:
        validate_credit_code(code)
    except ValidationError as error:
        raise CellError("credit_code", message=" ".join(error.messages))
    return code


def phone(value: object) -> str:
    result = text_of(30)(value)
    try:
        validate_phone(result)
    except ValidationError as error:
        raise CellError("invalid", message=" ".join(error.messages))
    return result


def division(value: object) -> str:
    raw = text(value)
    return raw.zfill(2) if raw.isdigit() and len(raw) <= 2 else raw[:3]


NORMALIZERS = {
    "name": text_of(200), "credit_code": credit_code, "node": text_of(100),
    "economic_type": choice("economic_type"), "ownership": choice("ownership"),
    "industry_section": choice("industry_section"), "industry_division": division,
    "employees": count, "migrant_employees": count, "size_class": choice("size_class"),
    "above_designated_size": choice("flag"), "special_kind": choice("special_kind"),
    "address": text_of(200), "legal_representative": text_of(50), "contact_name": text_of(50),
    "contact_phone": phone, "union": text_of(200),
}
# What a row may change on an employer (the covering union goes through the union's own edit).
WRITTEN = ("name", "ownership", "employees", "migrant_employees", *EMPLOYER_FACT_FIELDS)


class Context:
    """What the rows are matched against, loaded once for the file."""

    def __init__(self, node: Union, scope: Union | None) -> None:
        self.node, self.scope_path = node, scope.path if scope else ""
        self.places = Places(node)
        self.unions: dict[str, list[int]] = defaultdict(list)
        grassroots = Union.objects.filter(path__startswith=self.scope_path or node.path,
                                          level=Level.GRASSROOTS).exclude(status__in=ENDED_STATUSES)
        for pk, name, code in grassroots.values_list("pk", "name", "credit_code"):
            for key in {header_key(name), header_key(code)} - {""}:
                self.unions[key].append(pk)


def check(sheet: Sheet, ctx: Context) -> Outcome:
    outcome, rows, codes = Outcome(), [], defaultdict(list)
    for number, cells in sheet.rows():
        outcome.rows += 1
        before = len(outcome.issues)
        values, failed = read_row(number, cells, sheet, NORMALIZERS, outcome)
        if values.get("credit_code") == EXAMPLE_CODE:
            outcome.issue(number, sheet.header_of("credit_code"), EXAMPLE_CODE, "example_row")
        elif require(number, values, sheet, ("name", "credit_code"), outcome, failed):
            codes[values["credit_code"]].append(number)
            if len(outcome.issues) == before:
                rows.append(Row(number, values))
    bad = mark_duplicates(codes, sheet.header_of("credit_code"), outcome)
    existing = {e.credit_code: e for e in Employer.objects.select_related("node", "union")
                .filter(credit_code__in=[r.values["credit_code"] for r in rows])}
    for row in rows:
        if row.number not in bad:
            _classify(row, existing.get(row.values["credit_code"]), sheet, ctx, outcome)
    outcome.issues.sort(key=lambda issue: issue[0])
    return outcome


def _classify(row: Row, employer: Employer | None, sheet: Sheet, ctx: Context,
              outcome: Outcome) -> None:
    values, code_header = row.values, sheet.header_of("credit_code")
    if employer is not None and not employer.node.path.startswith(ctx.node.path):
        inside = employer.node.path.startswith(ctx.scope_path)
        outcome.issue(row.number, code_header, values["credit_code"],
                      "other_node" if inside else "belongs_elsewhere",
                      **({"node": employer.node.name} if inside else {}))
        return
    place, problem = ctx.places.find(values.get("node", ""))
    if problem and ("node" in values or employer is None):
        header = sheet.header_of("node") if "node" in sheet.columns else code_header
        outcome.issue(row.number, header, values.get("node", ""), problem, node=ctx.node.name)
        return
    fields = {k: v for k, v in values.items() if k in WRITTEN}
    if "node" in values or employer is None:
        fields["node"] = place
    if not _valid(row, employer, fields, sheet, outcome) or not _union(row, employer, sheet,
                                                                        ctx, outcome):
        return
    if employer is None:
        row.changed = fields
        outcome.new.append(row)
        return
    row.target = employer
    row.changed = {k: v for k, v in fields.items() if getattr(employer, k) != v}
    if row.union_id and employer.union_id != row.union_id:
        row.changed["union"] = row.union_id
    (outcome.updated if row.changed else outcome.unchanged).append(row)


def _valid(row: Row, employer: Employer | None, fields: dict, sheet: Sheet,
           outcome: Outcome) -> bool:
    """The model's own checks (choices, division in section, type against ownership), on a
    copy: as the service will run them, without the per-row unique query."""
    probe = Employer(**{f.attname: getattr(employer, f.attname)
                        for f in Employer._meta.concrete_fields}) if employer else Employer()
    for name, value in fields.items():
        setattr(probe, name, value)
    if employer is not None and "economic_type" in fields and "ownership" not in fields:
        probe.ownership = ""  # derived again from the new type, as on the edit page
    probe.derive_ownership()
    try:
        probe.clean_fields(exclude=["node", "union", "credit_code"])
        probe.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = name if name in sheet.columns else "credit_code"
            outcome.issue(row.number, sheet.header_of(column), row.values.get(name, ""),
                          "invalid", message=" ".join(messages))
        return False
    fields["ownership"] = probe.ownership
    return True


def _union(row: Row, employer: Employer | None, sheet: Sheet, ctx: Context,
           outcome: Outcome) -> bool:
    row.union_id = None
    written = row.values.get("union")
    if not written:
        return True
    found = ctx.unions.get(header_key(written), [])
    if len(found) != 1:
        outcome.issue(row.number, sheet.header_of("union"), written, "union_unknown")
        return False
    row.union_id = found[0]
    if employer is not None and employer.union_id not in (None, row.union_id) and \
            not employer.union.is_ended:
        outcome.issue(row.number, sheet.header_of("union"), written, "covered_elsewhere")
        return False
    return True


def write(outcome: Outcome, *, by, record) -> tuple[int, int, list[list]]:
    """Write the checked rows through the services; a row the service refuses is skipped and
    reported (savepoint), the others stand. Returns (new, updated, refusals)."""
    new = updated = 0
    refusals: list[list] = []
    for row in [*outcome.new, *outcome.updated]:
        fields = {k: v for k, v in row.changed.items() if k != "union"}
        try:
            with transaction.atomic():
                if row.target is None:
                    employer = services.employer_create(by=by, credit_code=row.values[
                        "credit_code"], **fields)
                    new += 1
                else:
                    employer = row.target
                    if fields:
                        employer = services.employer_update(employer=employer, by=by,
                                                            version=employer.version, **fields)
                    updated += 1
                if row.union_id and employer.union_id != row.union_id:
                    _cover(employer, row.union_id, by)
        except ValidationError as error:
            refusals.append([row.number, "", row.values["credit_code"], "refused",
                             {"message": " ".join(error.messages)[:300]}])
    return new, updated, refusals


def _cover(employer: Employer, union_id: int, by) -> None:
    union = Union.objects.get(pk=union_id)
    covered = list(Employer.objects.filter(union=union).open())
    services.union_update(union=union, by=by, version=None, employers=[*covered, employer])
