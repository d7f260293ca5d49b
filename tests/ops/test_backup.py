"""Backups: dump → restore into a new database → the check finds the same rows and counts.

The cycle needs PostgreSQL (marker `postgres`); checksums and retention need only files.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from counting.recount import counts_rebuild
from ops import pg
from ops.backup import (
    DUMP,
    FILES,
    MANIFEST,
    backup_create,
    backup_verify,
    retention_apply,
    sha256_of,
)
from ops.pg import BackupError
from ops.restore import backup_restore, check_in_subprocess
from tests import factories as f

UTC = datetime.UTC


@pytest.fixture
def restore_name():
    """<test database>_restore, dropped before and after (a failed run may have left it)."""
    name = f"{connection.settings_dict['NAME']}_restore"[:63]
    target = pg.settings_for()
    pg.database_drop(target, name)
    yield name
    pg.database_drop(target, name)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    (root / "files").mkdir(parents=True)
    (root / "imports" / "2026" / "01").mkdir(parents=True)
    (root / "files" / "report.xlsx").write_bytes(b"generated report")
    (root / "imports" / "2026" / "01" / "roster.xlsx").write_bytes(b"uploaded roster")
    settings.MEDIA_ROOT = root
    return root


def _execute(name: str, statement: str) -> None:
    conn = pg.connect(pg.settings_for(name=name))
    with conn, conn.cursor() as cursor:
        cursor.execute(statement)
    conn.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only
def test_backup_restore_check_cycle(tree, media, tmp_path, restore_name):
    f.member(tree.union_a, name="王五")
    counts_rebuild(repair=True)

    backup = backup_create(dest=tmp_path / "backups")
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["database"]["tables"]["members_member"] == 3
    assert manifest["database"]["tables"]["counting_nodecounts"] > 0
    assert manifest["media_files"] == 2
    assert manifest["files"][DUMP]["sha256"] == sha256_of(backup / DUMP)
    assert "ops" in manifest["migrations"]

    restored = backup_restore(
        backup=backup, database_name=restore_name, files_to=tmp_path / "restored"
    )
    assert (restored.files / "files" / "report.xlsx").read_bytes() == b"generated report"
    assert (
        restored.files / "imports" / "2026" / "01" / "roster.xlsx"
    ).read_bytes() == b"uploaded roster"
    assert check_in_subprocess(restored, backup) == 0

    # The check is not a formality: a counter that disagrees with the members fails it...
    _execute(restore_name, "UPDATE counting_nodecounts SET members = members + 5")
    assert check_in_subprocess(restored, backup) != 0
    _execute(restore_name, "UPDATE counting_nodecounts SET members = members - 5")
    assert check_in_subprocess(restored, backup) == 0
    # ... and so does a table with rows the backup did not have.
    _execute(restore_name, "DELETE FROM members_member WHERE name = '王五'")
    assert check_in_subprocess(restored, backup) != 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_existing_database_and_a_damaged_backup(
    tree, media, tmp_path, restore_name
):
    backup = backup_create(dest=tmp_path / "backups")
    with pytest.raises(BackupError, match="new database only"):
        backup_restore(backup=backup, database_name=connection.settings_dict["NAME"])

    with (backup / FILES).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(backup), "--database-name", restore_name, "--no-check")
    assert not pg.database_exists(pg.settings_for(), restore_name)


def test_backup_needs_postgresql_and_says_so(db, tmp_path):
    if connection.vendor == "postgresql":
        pytest.skip("the embedded (SQLite) answer")
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup", "--dest", str(tmp_path))


def _fake_backup(dest: Path, when: datetime.datetime) -> Path:
    folder = dest / f"unionreg-{when:%Y%m%dT%H%M%SZ}"
    folder.mkdir(parents=True)
    (folder / DUMP).write_bytes(b"dump")
    (folder / FILES).write_bytes(b"files")
    files = {p: {"sha256": sha256_of(folder / p), "bytes": 4 + (p == FILES)} for p in (DUMP, FILES)}
    manifest = {
        "format": 1,
        "created_at": when.isoformat(),
        "files": files,
        "database": {"name": "x", "tables": {}},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest))
    return folder


def test_a_damaged_file_fails_the_checksum(tmp_path):
    folder = _fake_backup(tmp_path, datetime.datetime(2026, 1, 1, tzinfo=UTC))
    assert backup_verify(folder)["database"]["name"] == "x"
    (folder / DUMP).write_bytes(b"dumq")  # same size, other bytes
    with pytest.raises(BackupError, match="checksum"):
        backup_verify(folder)
    (folder / DUMP).unlink()
    with pytest.raises(BackupError, match="missing"):
        backup_verify(folder)


def test_retention_keeps_by_count_and_age_and_always_the_newest(tmp_path):
    now = datetime.datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    days = [0, 1, 2, 3, 10, 40]
    made = [_fake_backup(tmp_path, now - datetime.timedelta(days=d)) for d in days]
    (tmp_path / "not-a-backup").mkdir()
    (tmp_path / "unionreg-20250101T000000Z.partial").mkdir()  # unfinished: not ours to judge

    deleted = retention_apply(dest=tmp_path, keep_count=4, keep_days=30, now=now)
    assert sorted(deleted) == sorted([made[4], made[5]])  # 5th by count, 6th by count and age
    deleted = retention_apply(dest=tmp_path, keep_count=10, keep_days=2, now=now)
    assert sorted(deleted) == [made[3]]  # 3 days old; 2 days is exactly the limit
    deleted = retention_apply(
        dest=tmp_path, keep_count=10, keep_days=1, now=now + datetime.timedelta(days=100)
    )
    assert [p for p in made if p.exists()] == [made[0]]  # the newest stays, however old
    assert (tmp_path / "not-a-backup").exists()


def test_the_nightly_loop_sleeps_until_the_next_run():
    from ops.management.commands.backup import seconds_until

    tz = datetime.timezone(datetime.timedelta(hours=8))
    at = datetime.time(2, 30)
    assert seconds_until(at, datetime.datetime(2026, 3, 1, 1, 30, tzinfo=tz)) == 3600
    assert seconds_until(at, datetime.datetime(2026, 3, 1, 2, 30, tzinfo=tz)) == 86400
    assert seconds_until(at, datetime.datetime(2026, 3, 1, 23, 0, tzinfo=tz)) == 3.5 * 3600
