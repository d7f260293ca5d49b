"""Writes a DataSet into the database: PostgreSQL COPY where available, batched INSERTs otherwise."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from members.counts import counts_rebuild
from members.models import Member
from members.seeding.generate import DataSet
from members.seeding.signals import data_set_loaded
from organizations.models import Employer, Union

UNION_COLUMNS = (
    "id", "path", "depth", "numchild", "name", "level", "formation", "founded_on", "status",
    "chair_name", "chair_phone", "has_workers_congress", "has_open_management",
    "industry_federation_id", "credit_code", "version", "created_at", "updated_at",
)
EMPLOYER_COLUMNS = (
    "id", "name", "credit_code", "ownership", "industry", "node_id", "employees",
    "migrant_employees", "union_id", "no_union_reason", "no_union_note", "version",
    "created_at", "updated_at",
)
MEMBER_COLUMNS = (
    "id", "name", "resident_id", "gender", "birth_date", "phone", "union_id", "employer_id",
    "joined_on", "left_on", "is_migrant", "new_form_category", "eight_group", "status",
    "version", "created_at", "updated_at",
)
BATCH = 50_000


def _union_rows(data: DataSet, stamp: datetime.datetime) -> Iterator[tuple]:
    for n in data.nodes:
        chair = "" if n.level != "grassroots" else "张主席"
        yield (n.id, n.path, n.depth, n.numchild, n.name, n.level, n.formation, n.founded_on,
               "active", chair, "", n.level == "grassroots" and n.id % 3 == 0,
               n.level == "grassroots" and n.id % 2 == 0, None, "", 1, stamp, stamp)


def _employer_rows(data: DataSet, stamp: datetime.datetime) -> Iterator[tuple]:
    for e in data.employers:
        yield (e.id, e.name, e.credit_code, e.ownership, e.industry, e.node_id, e.employees,
               e.migrant_employees, e.union_id, e.no_union_reason, "", 1, stamp, stamp)


def _copy(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    """COPY in batches: the rows are never all in memory at once."""
    total = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2 cursor underneath Django's wrapper
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in batch:
                writer.writerow(["\\N" if v is None else v for v in row])
            buffer.seek(0)
            raw.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                buffer,
            )
            total += len(batch)
    return total


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
    write = _copy if connection.vendor == "postgresql" else _insert
    stamp = datetime.datetime.combine(data.spec.as_of, datetime.time(12, 0), tzinfo=datetime.timezone.utc)
    counts = {
        "unions": write(Union._meta.db_table, UNION_COLUMNS, _union_rows(data, stamp)),
        "employers": write(Employer._meta.db_table, EMPLOYER_COLUMNS, _employer_rows(data, stamp)),
        "members": write(Member._meta.db_table, MEMBER_COLUMNS, data.member_rows()),
    }
    _reset_sequences()
    _analyze()
    # The counters are rebuilt from the rows just written: the same code as the recount, so the
    # dashboard's figures are the raw tables' by construction (about 2 s for a city).
    counts_rebuild(repair=True)
    data_set_loaded.send(sender=DataSet, data=data)
    return counts


def _analyze() -> None:
    """Fresh planner statistics: the recount and snapshots run right after millions of rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Union, Employer, Member):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
