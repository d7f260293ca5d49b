"""Writes a DataSet into the database: PostgreSQL COPY where available, batched INSERTs otherwise."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model

from common.pgcopy import copy_lines, copy_rows
from counting.recount import counts_rebuild
from members.models import CardCounter, Member
from organizations.facts import EMPLOYER_FACT_FIELDS, UNION_SURVEY_FIELDS
from organizations.models import Employer, Union
from reports.files.services import monthly_reports_request
from reports.services import snapshots_backfill
from seeding.generate import DataSet
from seeding.governance import seed_governance
from seeding.names import GIVEN, SURNAMES

UNION_COLUMNS = (
    "id", "path", "depth", "numchild", "name", "level", "formation", "founded_on", "status",
    "chair_name", "chair_phone", "has_workers_congress", "has_open_management",
    "industry_federation_id", "credit_code", "version", "created_at", "updated_at",
    "area_code", *UNION_SURVEY_FIELDS,
)
EMPLOYER_COLUMNS = (
    "id", "name", "credit_code", "ownership", "industry", "node_id", "employees",
    "migrant_employees", "union_id", "no_union_reason", "no_union_note", "version",
    "created_at", "updated_at", *EMPLOYER_FACT_FIELDS,
)
MEMBER_COLUMNS = (
    "id", "name", "resident_id_enc", "resident_id_hash", "resident_id_last4", "gender",
    "birth_date", "phone", "union_id", "employer_id",
    "joined_on", "left_on", "is_migrant", "new_form_category", "eight_group", "status",
    "version", "created_at", "updated_at", "card_no",
)
BATCH = 50_000


def _union_rows(data: DataSet, stamp: datetime.datetime) -> Iterator[tuple]:
    for n in data.nodes:
        chair = "" if n.level != "grassroots" else _chair_name(n.id)
        yield (n.id, n.path, n.depth, n.numchild, n.name, n.level, n.formation, n.founded_on,
               "active", chair, f"139{n.id * 7919 % 10**8:08d}" if chair else "", n.has_workers_congress,
               n.level == "grassroots" and n.id % 2 == 0, None, "", 1, stamp, stamp,
               n.area_code, *(getattr(n, f) for f in UNION_SURVEY_FIELDS))


def _chair_name(node_id: int) -> str:
    """A name that depends only on the node id, so seeding stays deterministic."""
    return SURNAMES[node_id % len(SURNAMES)] + GIVEN[(node_id * 31) % len(GIVEN)] + GIVEN[(node_id * 17) % len(GIVEN)]


def _employer_rows(data: DataSet, stamp: datetime.datetime) -> Iterator[tuple]:
    for e in data.employers:
        yield (e.id, e.name, e.credit_code, e.ownership, e.industry, e.node_id, e.employees,
               e.migrant_employees, e.union_id, e.no_union_reason, "", 1, stamp, stamp,
               *(getattr(e, f) for f in EMPLOYER_FACT_FIELDS))


@contextmanager
def _indexes_deferred(table: str) -> Iterator[None]:
    """Drop an empty table's secondary indexes and foreign keys, and build them after the load.

    Maintaining six indexes and queuing two deferred foreign-key checks per row made loading
    2.7 million members twice as slow as building the indexes once at the end (as pg_restore
    does). All of it happens inside the loading transaction, so a failure leaves them intact.
    """
    with connection.cursor() as cursor:
        # Check the rows loaded so far now: a table with pending deferred checks can't be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table])
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'", [table])
        foreign_keys = cursor.fetchall()
        for name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _load_members(data: DataSet) -> int:
    table = Member._meta.db_table
    if connection.vendor != "postgresql":
        return _insert(table, MEMBER_COLUMNS, data.member_rows())
    if Member.objects.exists():
        return copy_lines(table, MEMBER_COLUMNS, data.member_rows(as_text=True))
    with _indexes_deferred(table):
        return copy_lines(table, MEMBER_COLUMNS, data.member_rows(as_text=True))


def _card_counter_rows(data: DataSet) -> Iterator[tuple]:
    """Each union's card sequence continues after the cards seeding gave (seeding.rows)."""
    for union, members in zip(data.grassroots, data.members_per_union):
        if members:
            yield (union.id, members)


def _insert(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    total = 0
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, 5_000)):
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Union, Employer, Member):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


def next_free_id() -> int:
    """Ids are shared-counter style in a DataSet; start past every table's highest id."""
    highest = 0
    for model in (Union, Employer, Member):
        last = model.objects.order_by("-id").values_list("id", flat=True).first()
        highest = max(highest, last or 0)
    return highest + 1


@transaction.atomic
def load(data: DataSet) -> dict[str, int]:
    write = copy_rows if connection.vendor == "postgresql" else _insert
    stamp = datetime.datetime.combine(data.spec.as_of, datetime.time(12, 0), tzinfo=datetime.timezone.utc)
    counts = {
        "unions": write(Union._meta.db_table, UNION_COLUMNS, _union_rows(data, stamp)),
        "employers": write(Employer._meta.db_table, EMPLOYER_COLUMNS, _employer_rows(data, stamp)),
        "members": _load_members(data),
    }
    write(CardCounter._meta.db_table, ("union_id", "last"), _card_counter_rows(data))
    _reset_sequences()
    seed_governance(data)  # the demo's committees, stipends, ratings and service sites
    _analyze()
    # The counters are rebuilt from the rows just written: the same code as the recount, so the
    # dashboard's figures are the raw tables' by construction (about 2 s for a city).
    counts_rebuild(repair=True)
    # A freshly seeded data set gets a year of snapshots, so its dashboard has a trend.
    snapshots_backfill(months=12)
    if data.spec.name == "demo":
        # The demo shows what the 1st of a month looks like: the scheduled reports of its last
        # month wait on the downloads page. (The benchmark's city builds its own.)
        monthly_reports_request(month=data.spec.as_of)
    return counts


def _analyze() -> None:
    """Fresh planner statistics: the recount and snapshots run right after millions of rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Union, Employer, Member):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def flush_data_set() -> None:
    """Delete the tree, employers, members and everything that hangs off them; users stay.

    On PostgreSQL one TRUNCATE ... CASCADE empties every table that refers to them. SQLite
    has no such thing: every model that refers to them, directly or through another such
    model, is emptied first, dependants before what they depend on.
    """
    roots = (Member, Employer, Union)
    if connection.vendor == "postgresql":
        # The dependants named too: history tables refer without a foreign key, so CASCADE
        # alone would leave their rows behind.
        tables = ", ".join(m._meta.db_table for m in (*roots, *_dependants(roots)))
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} CASCADE")
        return
    for model in [*_dependants(roots), *roots]:
        model.objects.all()._raw_delete(model.objects.db)


def _dependants(roots: tuple[type[Model], ...]) -> list[type[Model]]:
    """Models that refer to `roots` (transitively), each listed before the models it refers to."""
    found: list[type[Model]] = []
    frontier = list(roots)
    while frontier:
        target = frontier.pop()
        for model in apps.get_models():
            if model in roots or model in found:
                continue
            if any(f.related_model is target for f in model._meta.concrete_fields if f.is_relation):
                found.append(model)
                frontier.append(model)
    # Delete the most dependent first: a model found later may refer to one found earlier.
    return found[::-1]
