"""PostgreSQL client programs (pg_dump, pg_restore) and libpq connections for a Django alias.

The password travels in PGPASSWORD, never on a command line (where `ps` shows it to everyone).
"""

from __future__ import annotations

import os
import subprocess

from django.db import connections
from psycopg2 import sql


class BackupError(Exception):
    """A backup, restore or check that must not be trusted; the message says why."""


def settings_for(alias: str = "default", name: str | None = None) -> dict:
    """The connection settings of `alias` (another database on the same server with `name`)."""
    settings_dict = connections[alias].settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL=postgres://…). For the embedded SQLite file, "
            "stop the app and copy var/db.sqlite3 with var/media."
        )
    return {
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "dbname": name or settings_dict["NAME"],
    }


def libpq_env(target: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("dbname", "PGDATABASE"),
    ):
        if target.get(key):
            env[var] = target[key]
    return env


def connect(target: dict):
    import psycopg2

    return psycopg2.connect(**{k: v for k, v in target.items() if v}, connect_timeout=10)


def run(args: list[str], target: dict, timeout: int = 6 * 3600) -> None:
    """Run a client program against `target`; its error output becomes the BackupError."""
    try:
        result = subprocess.run(
            args, env=libpq_env(target), capture_output=True, text=True, timeout=timeout
        )
    except FileNotFoundError as exc:
        raise BackupError(f"{args[0]} is not installed (postgresql-client)") from exc
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()[-2000:]}")


def table_row_counts(cursor) -> dict[str, int]:
    """Rows of every table in the current schema, as one transaction (snapshot) sees them."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def database_exists(target: dict, name: str) -> bool:
    with connect({**target, "dbname": "postgres"}) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    conn.close()
    return found


def database_create(target: dict, name: str) -> None:
    conn = connect({**target, "dbname": "postgres"})
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def database_drop(target: dict, name: str) -> None:
    conn = connect({**target, "dbname": "postgres"})
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        conn.close()
