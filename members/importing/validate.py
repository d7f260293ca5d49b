"""The validation pass: every row read, normalised, checked and classified, nothing written.

Errors are collected, never raised: the user sees all of them at once, with row, column,
value and reason, instead of fixing one and uploading again.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from common.sheets.workbooks import stored_text
from members.identity import birth_date_of, mask_resident_id
from members.importing import normalize
from members.importing.normalize import CellError
from members.importing.plan import Candidate, Classified, classify, existing_members
from members.importing.reader import Roster
from organizations.models import ENDED_STATUSES, Employer, Level, Union

NORMALIZERS: dict[str, Callable] = {
    "name": normalize.name,
    "resident_id": normalize.resident_id,
    "joined_on": normalize.joined_on,
    "phone": normalize.phone,
    "is_migrant": normalize.flag,
    "new_form_category": normalize.new_form_category,
    "eight_group": normalize.eight_group,
}
REQUIRED_IN_EVERY_ROW = ("name", "resident_id", "joined_on")
# Text kept in a batch's error list is cut (common.sheets.workbooks.stored_text): a
# 40,000-character name stored whole, 2,000 times over, made 80 MB of JSON that every imports
# page loaded.
# The example of GB 11643 itself, used in the template's example row.
EXAMPLE_ID = "11010519491231002X"

# [row, column header, value as written, reason code, params]; see `issue`.
Issue = list
ROWS_LISTED = 10  # of the rows sharing one resident ID, each error names this many


@dataclass
class Context:
    """What the rows are matched against, loaded once for the whole file."""

    node: Union
    scope_path: str
    unions: dict[str, list[int]] = field(default_factory=dict)
    employers: dict[tuple[int, str], list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, node: Union, scope: Union | None) -> Context:
        ctx = cls(node=node, scope_path=scope.path if scope else "")
        # A dissolved union takes no members: its name matches nothing.
        grassroots = Union.objects.filter(
            path__startswith=node.path, level=Level.GRASSROOTS).exclude(status__in=ENDED_STATUSES)
        for pk, name, credit in grassroots.values_list("pk", "name", "credit_code"):
            for key in {normalize.lookup_key(name), normalize.lookup_key(credit)} - {""}:
                ctx.unions.setdefault(key, []).append(pk)
        covered = Employer.objects.filter(union__path__startswith=node.path)
        for pk, name, credit, union_id in covered.values_list("pk", "name", "credit_code",
                                                              "union_id"):
            for key in {normalize.lookup_key(name), normalize.lookup_key(credit)} - {""}:
                ctx.employers.setdefault((union_id, key), []).append(pk)
        return ctx


@dataclass
class Outcome:
    rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    classified: Classified = field(default_factory=Classified)
    # Active memberships in other unions that the file's IDs found (recorded as lookups).
    found_elsewhere: list[int] = field(default_factory=list)

    @property
    def error_rows(self) -> set[int]:
        return {issue[0] for issue in self.issues}

    def valid_candidates(self) -> list[Candidate]:
        c = self.classified
        return sorted([*c.new, *(u[0] for u in c.updated), *c.unchanged], key=lambda x: x.row)


def validate_roster(roster: Roster, ctx: Context,
                    progress: Callable[[float], None] = lambda share: None) -> Outcome:
    outcome = Outcome()
    candidates: list[Candidate] = []
    rows_of: dict[str, list[int]] = defaultdict(list)
    estimate = max(roster.row_estimate, 1)
    for number, cells in _without_gc(roster.rows()):
        outcome.rows += 1
        candidate, issues, resident_id = parse_row(number, cells, roster, ctx)
        outcome.issues.extend(issues)
        if resident_id:
            rows_of[resident_id].append(number)
        if candidate is not None:
            candidates.append(candidate)
        if outcome.rows % 5_000 == 0:
            progress(0.8 * outcome.rows / estimate)
    roster.release()
    candidates = _drop_duplicates(candidates, rows_of, roster, outcome.issues)
    progress(0.85)
    existing = existing_members(c.resident_id for c in candidates)
    outcome.classified = classify(candidates, existing, scope_path=ctx.scope_path)
    outcome.found_elsewhere = [
        existing[c.resident_id]["id"] for c in candidates
        if c.resident_id in existing and existing[c.resident_id]["union_id"] != c.union_id
    ]
    id_header = roster.header_of("resident_id")
    by_row = {c.row: c for c in candidates}
    for row, code, params in outcome.classified.conflicts:
        outcome.issues.append(issue(row, id_header, by_row[row].resident_id, code, params,
                                    is_id=True))
    outcome.issues.sort(key=lambda issue: issue[0])
    return outcome


def _without_gc(rows: Iterator) -> Iterator:
    """Pause the cycle collector while rows pile up: it would rescan the growing heap again
    and again (a third of the time at 100,000 rows). The rows hold no reference cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield from rows
    finally:
        if enabled:
            gc.enable()


def parse_row(number: int, cells: list, roster: Roster,
              ctx: Context) -> tuple[Candidate | None, list[Issue], str | None]:
    """The row as a candidate (or None), its issues, and its resident ID if readable."""
    issues: list[Issue] = []
    values: dict = {}

    def fail(field_name: str, raw: object, error: CellError) -> None:
        issues.append(issue(number, roster.header_of(field_name), _shown(raw), error.code,
                            error.params, is_id=field_name == "resident_id"))

    for field_name, normaliser in NORMALIZERS.items():
        if field_name not in roster.columns:
            continue
        raw = _cell(cells, roster.columns[field_name])
        if normalize.is_blank(raw) and field_name not in REQUIRED_IN_EVERY_ROW:
            continue  # blank optional cell: no information, keep what the registry has
        try:
            values[field_name] = normaliser(raw)
        except CellError as error:
            fail(field_name, raw, error)
    if values.get("resident_id") == EXAMPLE_ID:  # left in from the template: say so, only that
        return None, [issue(number, roster.header_of("resident_id"), EXAMPLE_ID, "example_row",
                            {}, is_id=True)], None
    if "joined_on" in values and "resident_id" in values:
        if values["joined_on"] < birth_date_of(values["resident_id"]):
            fail("joined_on", _cell(cells, roster.columns["joined_on"]),
                 CellError("date_before_birth"))
    union_id = _resolve_union(cells, roster, ctx, fail)
    if union_id is not None and "employer" in roster.columns:
        _resolve_employer(cells, roster, ctx, union_id, values, fail)
    resident_id = values.pop("resident_id", None)
    if issues or union_id is None or resident_id is None:
        return None, issues, resident_id
    return Candidate(number, resident_id, union_id, values), issues, resident_id


def _resolve_union(cells: list, roster: Roster, ctx: Context, fail: Callable) -> int | None:
    raw = _cell(cells, roster.columns["union"]) if "union" in roster.columns else None
    key = normalize.lookup_key(raw)
    if ctx.node.level == Level.GRASSROOTS:
        if key and ctx.node.pk not in ctx.unions.get(key, []):
            fail("union", raw, CellError("union_mismatch"))
            return None
        return ctx.node.pk
    if not key:
        if "union" in roster.columns:
            fail("union", raw, CellError("union_required"))
        return None
    found = ctx.unions.get(key, [])
    if len(found) != 1:
        fail("union", raw, CellError("union_ambiguous" if found else "union_unknown"))
        return None
    return found[0]


def _resolve_employer(cells: list, roster: Roster, ctx: Context, union_id: int,
                      values: dict, fail: Callable) -> None:
    raw = _cell(cells, roster.columns["employer"])
    key = normalize.lookup_key(raw)
    if not key:
        return
    found = ctx.employers.get((union_id, key), [])
    if len(found) == 1:
        values["employer_id"] = found[0]
    else:
        fail("employer", raw, CellError("employer_ambiguous" if found else "employer_unknown"))


def _drop_duplicates(candidates: list[Candidate], rows_of: dict[str, list[int]],
                     roster: Roster, issues: list[Issue]) -> list[Candidate]:
    """The same person twice in one file: report every row, import none of them."""
    header = roster.header_of("resident_id")
    for resident_id, rows in rows_of.items():
        if len(rows) > 1:
            # Not every row number in every error: one ID in 2,000 rows made 18 MB of them.
            listed = "、".join(map(str, rows[:ROWS_LISTED])) + ("…" if len(rows) > ROWS_LISTED else "")
            issues.extend(issue(row, header, resident_id, "dup_in_file", {"rows": listed},
                                is_id=True) for row in rows)
    return [c for c in candidates if len(rows_of[c.resident_id]) == 1]


def _cell(cells: list, index: int) -> object:
    return cells[index] if index < len(cells) else None


def issue(row: int, header: str, value: str, code: str, params: dict, *,
          is_id: bool = False) -> Issue:
    """An error as stored with the batch: short texts, and a resident ID only masked (the
    list is shown to whoever may see the batch, and kept until the file is purged)."""
    shown = mask_resident_id(value) if is_id else value
    return [row, stored_text(header), stored_text(shown), code,
            {k: stored_text(v) if isinstance(v, str) else v for k, v in params.items()}]


def _shown(raw: object) -> str:
    """The value as the user typed it, for the error list."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    return str(raw)
