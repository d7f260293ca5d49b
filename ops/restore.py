"""`make restore BACKUP=…`: a backup into a NEW database, then `manage.py restore_check` there.

Restoring never touches the live database or the live files: the database gets a new name on
the same server, the files go to a folder of their own. Switching over (DATABASE_URL, MEDIA_ROOT)
is the operator's decision once the check is clean (docs/operations.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from ops import pg
from ops.backup import DUMP, FILES, backup_verify, manifest_load
from ops.pg import BackupError


@dataclass
class Restored:
    database: str
    files: Path
    database_url: str  # without the password, which stays where it was configured


def restore_name_default(manifest: dict) -> str:
    """<source database>_restore_<backup time>, within PostgreSQL's 63 characters."""
    stamp = manifest["created_at"][:19].replace("-", "").replace(":", "")
    return f"{manifest['database']['name'][:40]}_restore_{stamp}".lower()


def backup_restore(
    *,
    backup: Path,
    database_name: str | None = None,
    files_to: Path | None = None,
    alias: str = "default",
) -> Restored:
    """Check the backup's checksums, create the new database, pg_restore into it, unpack files."""
    folder = backup if backup.is_dir() else backup.parent
    manifest = backup_verify(backup)
    name = database_name or restore_name_default(manifest)
    target = pg.settings_for(alias, name=name)
    if pg.database_exists(target, name):
        raise BackupError(f"database {name} exists: a restore goes into a new database only")
    files_to = Path(files_to or Path(settings.VAR_DIR) / "restored" / name)
    if files_to.exists() and any(files_to.iterdir()):
        raise BackupError(f"{files_to} is not empty: the restored files need a folder of their own")
    pg.database_create(target, name)
    pg.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={name}",
            str(folder / DUMP),
        ],
        target,
    )
    files_to.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / FILES, "r:gz") as tar:
        tar.extractall(files_to, filter="data")  # no absolute paths, no escaping "..", no devices
    host = f"{target['host']}:{target['port']}" if target["port"] else target["host"]
    user = f"{target['user']}@" if target["user"] else ""
    return Restored(name, files_to / "media", f"postgres://{user}{host}/{name}")


def check_in_subprocess(restored: Restored, backup: Path) -> int:
    """Run `manage.py restore_check` against the restored database (its own settings load)."""
    env = {**os.environ, "DATABASE_URL": restored.database_url}
    password = pg.settings_for().get("password")
    if password:  # the same server, so the same password as now (never in the URL)
        env["DATABASE_PASSWORD"] = password
    manage = Path(settings.BASE_DIR) / "manage.py"
    return subprocess.run(
        [sys.executable, str(manage), "restore_check", str(backup)], env=env
    ).returncode


@dataclass
class CheckResult:
    table_differences: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    recount_differences: list = field(default_factory=list)
    nodes_checked: int = 0

    @property
    def clean(self) -> bool:
        return not self.table_differences and not self.recount_differences


def restore_check(*, backup: Path) -> CheckResult:
    """Compare the configured database's row counts with the manifest, then run the recount
    (without repairing): the counters restored must agree with the members restored."""
    from counting.recount import counts_rebuild

    pg.settings_for()  # PostgreSQL, or a clear error
    expected = manifest_load(backup)["database"]["tables"]
    with connection.cursor() as cursor:
        found = pg.table_row_counts(cursor.cursor)  # the driver's cursor: composed SQL
    result = CheckResult()
    for table in sorted(set(expected) | set(found)):
        if expected.get(table) != found.get(table):
            result.table_differences.append((table, expected.get(table), found.get(table)))
    with transaction.atomic():
        recount = counts_rebuild(repair=False)
        transaction.set_rollback(True)  # a check: nothing it did stays
    result.recount_differences = recount.differences
    result.nodes_checked = recount.nodes_checked
    return result
