"""Write a checked roster: new members inserted, changed members updated, in bulk.

On PostgreSQL new rows go in with COPY and updates through a temporary table (one UPDATE ...
FROM), which keeps a 100,000-row roster well under ten seconds; other databases (SQLite in
development and tests) use bulk_create / bulk_update in batches.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from django.db import connection
from django.utils import timezone

from common import crypto
from common.pgcopy import copy_rows
from members.cards import cards_issue_bulk
from members.events import join_events_for_cards
from members.identity import birth_month_of, gender_of
from members.importing.plan import UPDATABLE, Candidate
from members.models import Member, MemberStatus
from members.signals import members_added, members_removed

NEW_COLUMNS = (
    "name", "resident_id_enc", "resident_id_hash", "resident_id_last4", "gender", "birth_date",
    "phone", "union_id", "employer_id",
    "joined_on", "is_migrant", "new_form_category", "eight_group", "status", "version",
    "created_at", "updated_at", "card_no",
)
DEFAULTS = {"phone": "", "employer_id": None, "is_migrant": False, "new_form_category": "",
            "eight_group": ""}
BATCH = 20_000
SEAL_BATCH = 5_000


def member_row(candidate: Candidate) -> dict:
    """The new member without its ID columns, gender and birth month taken from the ID as
    Member.resident_id_assigned does (what the counters need)."""
    values = {**DEFAULTS, **candidate.values}
    rid = candidate.resident_id
    return {**values, "union_id": candidate.union_id, "gender": gender_of(rid),
            "birth_date": birth_month_of(rid)}


def _sealed(rows: list[dict], candidates: list[Candidate]) -> Iterator[tuple[dict, tuple]]:
    """Each row with its sealed ID, sealed a batch at a time as the rows stream to the
    database: 100,000 ciphertexts are never held at once."""
    seal_many = crypto.cipher().seal_many
    for start in range(0, len(rows), SEAL_BATCH):
        batch = candidates[start:start + SEAL_BATCH]
        yield from zip(rows[start:start + SEAL_BATCH], seal_many([c.resident_id for c in batch]))


def insert_new(candidates: list[Candidate]) -> list[dict]:
    rows = [member_row(c) for c in candidates]
    cards_issue_bulk(rows)  # 会员卡号, one locked counter per union (members.cards)
    sealed = _sealed(rows, candidates)
    if connection.vendor == "postgresql":
        _copy_new(sealed)
    else:
        while batch := [Member(**row, resident_id_enc=enc, resident_id_hash=hashed,
                               resident_id_last4=last4)
                        for row, (enc, hashed, last4) in itertools.islice(sealed, 500)]:
            Member.objects.bulk_create(batch)
    # No history rows on this bulk path: each new membership gets its 入会 event instead.
    join_events_for_cards(rows)
    return rows


def _copy_new(sealed: Iterable[tuple[dict, tuple]]) -> None:
    now = timezone.now()
    table = Member._meta.db_table
    extra = {"status": MemberStatus.ACTIVE, "version": 1, "created_at": now, "updated_at": now}
    plain_columns = [c for c in NEW_COLUMNS if not c.startswith("resident_id_")]
    columns = ("resident_id_enc", "resident_id_hash", "resident_id_last4", *plain_columns)
    # COPY runs on the driver's cursor, outside Django's error translation: without it a
    # unique violation (a member registered meanwhile) would not be an IntegrityError.
    with connection.wrap_database_errors:
        copy_rows(table, columns, (
            [enc, "\\x" + hashed.hex(), last4, *map({**row, **extra}.__getitem__, plain_columns)]
            for row, (enc, hashed, last4) in sealed))


def apply_updates(updates: list[tuple[Candidate, dict, dict]]) -> None:
    """Write the merged values of each changed member and raise its version."""
    if not updates:
        return
    merged = [{**{k: current[k] for k in UPDATABLE}, **changes, "id": current["id"]}
              for _candidate, current, changes in updates]
    if connection.vendor == "postgresql":
        _update_through_temp_table(merged)
        return
    now = timezone.now()
    objects = Member.objects.in_bulk([m["id"] for m in merged])
    for values in merged:
        member = objects[values["id"]]
        for key in UPDATABLE:
            setattr(member, key, values[key])
        member.version += 1
        member.updated_at = now
    Member.objects.bulk_update(objects.values(), [*UPDATABLE, "version", "updated_at"],
                               batch_size=500)


def _update_through_temp_table(merged: list[dict]) -> None:
    table = Member._meta.db_table
    columns = ("id", *UPDATABLE)
    with connection.cursor() as cursor:
        # Dropped first: a test (or caller) may run two commits in one outer transaction.
        cursor.execute("DROP TABLE IF EXISTS import_member_update")
        cursor.execute(
            f"CREATE TEMP TABLE import_member_update ON COMMIT DROP AS "
            f"SELECT {', '.join(columns)} FROM {table} WITH NO DATA")
        copy_rows("import_member_update", columns, ([m[c] for c in columns] for m in merged))
        assignments = ", ".join(f"{c} = u.{c}" for c in UPDATABLE)
        cursor.execute(
            f"UPDATE {table} AS m SET {assignments}, version = m.version + 1, "
            f"updated_at = now() FROM import_member_update AS u WHERE m.id = u.id")


def move_counts(new_rows: list[dict], updates: list[tuple[Candidate, dict, dict]]) -> None:
    """Keep the per-union statistics right, in the same transaction (counting.live).

    One counter UPDATE per union however many rows: an update is counted out as it was and
    counted in as it is now.
    """
    active = {"status": MemberStatus.ACTIVE}
    members_added.send(sender=Member, rows=[{**row, **active} for row in new_rows])
    if updates:
        before = [{**current, **active, "gender": gender_of(c.resident_id)}
                  for c, current, _changes in updates]
        members_removed.send(sender=Member, rows=before)
        members_added.send(sender=Member, rows=[
            {**row, **changes} for row, (_c, _cur, changes) in zip(before, updates)])
