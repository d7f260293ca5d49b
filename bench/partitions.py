"""The member table with and without hash partitioning by resident ID (docs/scaling.md).

A tool, not part of the registry. On the seeded database it copies the member table twice into
scratch tables: `bench_member_plain` (as today: one table, the same indexes) and
`bench_member_hashed` (PARTITION BY HASH (resident_id), PARTITIONS parts, the one-active-
membership rule as a unique index on the partition key), times the same work on both, prints
the figures, merges them into var/bench.json (`partition_*`) and drops the scratch tables.

    python -m bench.partitions [--parts 16] [--lookups 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

COLUMNS = (
    "id, name, resident_id, gender, birth_date, phone, union_id, employer_id, joined_on, "
    "left_on, is_migrant, new_form_category, eight_group, status, version, created_at, "
    "updated_at, card_no"
)
INDEXES = (
    # The one-active-membership rule: unique on the partition key, so a partitioned table can
    # enforce it (PostgreSQL requires unique indexes of a partitioned table to hold the key).
    "CREATE UNIQUE INDEX ON {t} (resident_id) WHERE status = 'active'",
    "CREATE INDEX ON {t} (union_id, status)",
    "CREATE INDEX ON {t} (union_id)",
    "CREATE INDEX ON {t} (employer_id)",
    "CREATE INDEX ON {t} (card_no)",
)


def _timed(cursor, sql: str, params=()) -> float:
    started = time.perf_counter()
    cursor.execute(sql, params)
    return time.perf_counter() - started


def _build(cursor, table: str, parts: int | None) -> dict:
    cursor.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    partition = " PARTITION BY HASH (resident_id)" if parts else ""
    # The primary key: a partitioned table's must hold the partition key, so (id) alone can't be
    # one there; both tables get (id, resident_id) to compare like with like.
    cursor.execute(
        f"CREATE TABLE {table} (LIKE members_member INCLUDING DEFAULTS, "
        f"PRIMARY KEY (id, resident_id)){partition}"
    )
    for i in range(parts or 0):
        cursor.execute(
            f"CREATE TABLE {table}_{i} PARTITION OF {table} "
            f"FOR VALUES WITH (MODULUS {parts}, REMAINDER {i})"
        )
    load = _timed(cursor, f"INSERT INTO {table} ({COLUMNS}) SELECT {COLUMNS} FROM members_member")
    index = sum(_timed(cursor, sql.format(t=table)) for sql in INDEXES)
    cursor.execute(f"ANALYZE {table}")
    cursor.execute(
        f"SELECT pg_total_relation_size('{table}') + coalesce((SELECT sum("
        f"pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = "
        f"'{table}'::regclass), 0)"
    )
    return {
        "load_s": round(load, 1),
        "index_s": round(index, 1),
        "size_mb": round(cursor.fetchone()[0] / 2**20),
    }


def _median_ms(cursor, sql: str, args: list) -> float:
    timings = []
    for params in args:
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3)


def _work(cursor, table: str, people: list, unions: list) -> dict:
    search = f"SELECT id, name, union_id FROM {table} WHERE resident_id = %s AND status = 'active'"
    roster = (
        f"SELECT id, name, resident_id, card_no FROM {table} WHERE union_id = %s "
        f"AND status = 'active' ORDER BY name, id LIMIT 25"
    )
    count = f"SELECT count(*) FROM {table} WHERE union_id = %s AND status = 'active'"
    insert = (
        f"INSERT INTO {table} ({COLUMNS}) SELECT id + 100000000, name, "
        f"'9' || substr(resident_id, 2), gender, birth_date, phone, union_id, employer_id, "
        f"joined_on, left_on, is_migrant, new_form_category, eight_group, status, version, "
        f"created_at, updated_at, card_no FROM members_member ORDER BY id LIMIT 100000"
    )
    cursor.execute("SAVEPOINT bench_insert")
    insert_s = _timed(cursor, insert)
    cursor.execute("ROLLBACK TO SAVEPOINT bench_insert")
    return {
        "person_search_ms": _median_ms(cursor, search, [[p] for p in people]),
        "roster_page_ms": _median_ms(cursor, roster, [[u] for u in unions]),
        "roster_count_ms": _median_ms(cursor, count, [[u] for u in unions]),
        "insert_100k_s": round(insert_s, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=16)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreg.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    rng = random.Random(11)
    results: dict = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_member")
        results["partition_rows"] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT resident_id FROM members_member TABLESAMPLE SYSTEM (1) LIMIT %s", [args.lookups]
        )
        people = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT id FROM organizations_union WHERE level = 'grassroots'")
        unions = rng.sample([r[0] for r in cursor.fetchall()], 300)
        for name, parts in (("plain", None), ("hashed", args.parts)):
            table = f"bench_member_{name}"
            figures = {**_build(cursor, table, parts), **_work(cursor, table, people, unions)}
            results.update({f"partition_{name}_{k}": v for k, v in figures.items()})
            print(f"{name:<7} {figures}", flush=True)
            cursor.execute(f"DROP TABLE {table} CASCADE")
        results["partition_parts"] = args.parts
    out = Path(settings.VAR_DIR) / "bench.json"
    data = json.loads(out.read_text()) if out.exists() else {}
    data.update(results)
    out.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
