"""What a valid row asks for, and how it compares with the registry right now.

Validation and commit share this: the commit classifies the rows again against the members
as they are then, so a change made between preview and commit is caught, not overwritten.
"""

from __future__ import annotations

import datetime
import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from common import crypto
from members.models import Member, MemberStatus

# Fields a row may set; a blank optional cell leaves the member's value as it is.
UPDATABLE = (
    "name", "phone", "joined_on", "is_migrant", "new_form_category", "eight_group",
    "employer_id",
)
LOOKUP_FIELDS = ("id", "resident_id_hash", "union_id", "union__path", "union__name", *UPDATABLE)
CHUNK = 5_000  # resident IDs per lookup query: well under any driver's parameter limit


@dataclass(slots=True)  # 100,000 of them live at once during a check
class Candidate:
    row: int
    resident_id: str
    union_id: int
    values: dict = field(default_factory=dict)


@dataclass
class Classified:
    new: list[Candidate] = field(default_factory=list)
    # (candidate, the member as it is now, the fields that differ)
    updated: list[tuple[Candidate, dict, dict]] = field(default_factory=list)
    unchanged: list[Candidate] = field(default_factory=list)
    # (row, reason code, params)
    conflicts: list[tuple[int, str, dict]] = field(default_factory=list)


def existing_members(resident_ids: Iterable[str], *, lock: bool = False) -> dict[str, dict]:
    """Active memberships of these people anywhere, by plain ID, fetched in chunks.

    Matched on the keyed hash (indexed by the one-membership rule); the file's own plain IDs
    name the results, nothing stored is decrypted."""
    ids = list(resident_ids)
    by_hash = dict(zip(crypto.cipher().keyed_hashes(ids), ids))
    # In index order: each chunk's probes then fall in one stretch of the index, not all over
    # it (the hashes are random; the index may be larger than the database's buffer cache).
    hashes = sorted(by_hash)
    found: dict[str, dict] = {}
    for start in range(0, len(hashes), CHUNK):
        qs = Member.objects.filter(_hash_in(hashes[start:start + CHUNK]),
                                   status=MemberStatus.ACTIVE)
        if lock:
            # Lock the rows: an editor may change one of these people while we write.
            qs = qs.select_for_update(of=("self",))
        for row in qs.values(*LOOKUP_FIELDS).order_by():
            found[by_hash[bytes(row["resident_id_hash"])]] = row
    return found


def _hash_in(hashes: list[bytes]) -> Q | RawSQL:
    """resident_id_hash IN (...). On PostgreSQL one array parameter: the ORM's per-value
    handling of 5,000 binary values costs more than the query does."""
    if connection.vendor != "postgresql":
        return Q(resident_id_hash__in=hashes)
    column = f'{connection.ops.quote_name(Member._meta.db_table)}."resident_id_hash"'
    return RawSQL(f"{column} = ANY(%s::bytea[])", [hashes], output_field=BooleanField())


def classify(candidates: Iterable[Candidate], existing: dict[str, dict],
             *, scope_path: str) -> Classified:
    result = Classified()
    for candidate in candidates:
        member = existing.get(candidate.resident_id)
        if member is None:
            result.new.append(candidate)
        elif member["union_id"] != candidate.union_id:
            result.conflicts.append((candidate.row, *_elsewhere(member, scope_path)))
        else:
            changes = {k: v for k, v in candidate.values.items() if member[k] != v}
            if changes:
                result.updated.append((candidate, member, changes))
            else:
                result.unchanged.append(candidate)
    return result


def _elsewhere(member: dict, scope_path: str) -> tuple[str, dict]:
    """Name the other union only if it lies inside the importing user's own scope."""
    if scope_path and member["union__path"].startswith(scope_path):
        return "member_elsewhere", {"union": member["union__name"]}
    return "member_outside", {}


def write_plan(candidates: Iterable[Candidate], handle: IO[bytes]) -> None:
    """JSON, not pickle: the file sits in media storage and is read back by a worker."""
    rows = [[c.row, c.resident_id, c.union_id, c.values] for c in candidates]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=_iso)
    with gzip.GzipFile(fileobj=handle, mode="wb", compresslevel=1) as out:
        out.write(data.encode())


def _iso(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value))


def read_plan(handle: IO[bytes]) -> Iterator[Candidate]:
    with gzip.GzipFile(fileobj=handle, mode="rb") as source:
        rows = json.loads(source.read())
    for row, resident_id, union_id, values in rows:
        if "joined_on" in values:
            values["joined_on"] = datetime.date.fromisoformat(values["joined_on"])
        yield Candidate(row, resident_id, union_id, values)
