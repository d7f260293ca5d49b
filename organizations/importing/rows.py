"""What both sheets share: each row read into clean values with every error kept (row, column,
value, reason), the places rows name (federations by name or area code), and the outcome of a
check: new rows, rows that change a record field by field, rows that change nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from common.sheets.cells import CellError, is_blank, text
from common.sheets.headers import header_key
from common.sheets.reader import Sheet
from common.sheets.workbooks import stored_text
from common.text import clean_text
from organizations.importing.columns import lookups, offered
from organizations.models import Level, Union


@dataclass
class Row:
    number: int
    values: dict  # field -> clean value, only the cells that were filled in
    target: object = None  # the record it changes, if any
    changed: dict = field(default_factory=dict)
    union_id: int | None = None  # the covering union a row names


@dataclass
class Outcome:
    rows: int = 0
    issues: list[list] = field(default_factory=list)
    new: list[Row] = field(default_factory=list)
    updated: list[Row] = field(default_factory=list)
    unchanged: list[Row] = field(default_factory=list)

    def issue(self, row: int, header: str, value: object, reason: str, /,
              **params: object) -> None:
        self.issues.append([row, stored_text(header), stored_text(value), reason,
                            {k: stored_text(v) if isinstance(v, str) else v
                             for k, v in params.items()}])

    @property
    def error_rows(self) -> set[int]:
        return {issue[0] for issue in self.issues}


def read_row(number: int, cells: list, sheet: Sheet, normalizers: dict[str, Callable],
             outcome: Outcome) -> tuple[dict, set[str]]:
    """The filled-in cells of one row, clean, and the fields whose cells failed (each is an
    issue)."""
    values, failed = {}, set()
    for name, index in sheet.columns.items():
        raw = cells[index] if index < len(cells) else None
        if is_blank(raw) or name not in normalizers:
            continue
        try:
            values[name] = normalizers[name](raw)
        except CellError as error:
            outcome.issue(number, sheet.headers[index], raw, error.code, **error.params)
            failed.add(name)
    return values, failed


def require(number: int, values: dict, sheet: Sheet, names: Iterable[str],
            outcome: Outcome, failed: set[str]) -> bool:
    missing = [n for n in names if n not in values and n not in failed]
    for name in missing:
        outcome.issue(number, sheet.header_of(name), "", "required")
    return all(n in values for n in names)


def text_of(limit: int) -> Callable[[object], str]:
    def clean(value: object) -> str:
        result = clean_text(text(value) if isinstance(value, float) else value)
        if len(result) > limit:
            raise CellError("too_long", max=limit)
        return result
    return clean


def count(value: object) -> int:
    raw = text(value)
    if not raw.isdigit() or len(raw) > 7:
        raise CellError("number")
    return int(raw)


def choice(vocabulary: str) -> Callable[[object], object]:
    def pick(value: object) -> object:
        if isinstance(value, bool) and vocabulary == "flag":
            return value
        found = lookups()[vocabulary].get(header_key(text(value)))
        if found is None:
            raise CellError("choice", allowed="、".join(offered(vocabulary)))
        return found
    return pick


def mark_duplicates(keys: dict[str, list[int]], header: str, outcome: Outcome) -> set[int]:
    """Rows whose key (a credit code) appears more than once: each is an error."""
    bad: set[int] = set()
    for key, rows in keys.items():
        if len(rows) > 1:
            listed = "、".join(str(r) for r in rows[:10])
            for row in rows:
                outcome.issue(row, header, key, "dup_in_file", rows=listed)
            bad.update(rows)
    return bad


class Places:
    """The federations a row may name, under (and including) the node imported into: by name,
    or by area code (the highest node carrying it: townships carry their county's code)."""

    def __init__(self, node: Union) -> None:
        self.node = node
        self.by_key: dict[str, list[Union]] = defaultdict(list)
        federations = Union.objects.filter(path__startswith=node.path).exclude(
            level=Level.GRASSROOTS).only("pk", "name", "area_code", "path", "depth", "level")
        by_code: dict[str, list[Union]] = defaultdict(list)
        for place in federations:
            self.by_key[header_key(place.name)].append(place)
            if place.area_code:
                by_code[place.area_code].append(place)
        for code, places in by_code.items():
            top = min(p.depth for p in places)
            self.by_key.setdefault(code, []).extend(p for p in places if p.depth == top)

    def find(self, written: str) -> tuple[Union | None, str]:
        """(the node, "") or (None, the reason code)."""
        if not written:
            return (None, "node_grassroots") if self.node.is_grassroots else (self.node, "")
        found = self.by_key.get(header_key(written), [])
        if len(found) == 1:
            return found[0], ""
        return None, "node_ambiguous" if found else "node_unknown"
