"""`make backup`: the database (pg_dump, custom format) and the uploaded and generated files,
with a manifest of row counts and checksums; old backups pruned by count and age.

A backup is one folder, `unionreg-YYYYMMDDTHHMMSSZ/`:

    database.dump   pg_dump --format=custom, restored by `make restore` (pg_restore)
    files.tar.gz    MEDIA_ROOT: uploaded rosters and generated reports and exports
    manifest.json   when, which database, row counts per table, sha256 and size of both files

The row counts are taken inside the very snapshot pg_dump dumps (pg_export_snapshot), so they
describe the dump exactly even while the registry keeps writing. The folder is written under a
`.partial` name and renamed when complete: a folder with the final name is a finished backup.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import shutil
import tarfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ops import pg
from ops.pg import BackupError

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files.tar.gz"
FORMAT = 1
STAMP = "%Y%m%dT%H%M%SZ"
NAME = re.compile(r"^unionreg-(\d{8}T\d{6}Z)$")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump(target: dict, path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """pg_dump of one exported snapshot; row counts and applied migrations from the same one."""
    conn = pg.connect(target)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = pg.table_row_counts(cursor)
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            migrations: dict[str, list[str]] = {}
            for app, name in cursor.fetchall():
                migrations.setdefault(app, []).append(name)
            # The exporting transaction stays open while pg_dump reads its snapshot.
            pg.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                ],
                target,
            )
    finally:
        conn.rollback()
        conn.close()
    return counts, migrations


def _tar_files(media_root: Path, path: Path) -> int:
    """MEDIA_ROOT into a gzipped tar (as `media/…`); the number of files in it."""
    count = 0
    with tarfile.open(path, "w:gz") as tar:
        if media_root.is_dir():
            for item in sorted(media_root.rglob("*")):
                if item.is_file() and not item.is_symlink():
                    tar.add(item, arcname=f"media/{item.relative_to(media_root)}", recursive=False)
                    count += 1
    return count


def backup_create(
    *,
    dest: Path | None = None,
    alias: str = "default",
    media_root: Path | None = None,
    now: datetime.datetime | None = None,
) -> Path:
    """Write one complete backup folder under `dest` (BACKUP_DIR) and return its path."""
    target = pg.settings_for(alias)
    dest = Path(dest or settings.BACKUP_DIR)
    now = now or timezone.now()
    name = f"unionreg-{now.astimezone(datetime.UTC):{STAMP}}"
    work = dest / f"{name}.partial"
    if (dest / name).exists():
        raise BackupError(f"{dest / name} exists already")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    counts, migrations = _dump(target, work / DUMP)
    media_count = _tar_files(Path(media_root or settings.MEDIA_ROOT), work / FILES)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "database": {"name": target["dbname"], "tables": counts},
        "migrations": migrations,
        "media_files": media_count,
        "files": {
            part: {"sha256": sha256_of(work / part), "bytes": (work / part).stat().st_size}
            for part in (DUMP, FILES)
        },
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    work.rename(dest / name)
    return dest / name


def backups_in(dest: Path) -> list[tuple[datetime.datetime, Path]]:
    """The finished backups in `dest`, newest first (folders of another name are not ours)."""
    found = []
    for item in dest.iterdir() if dest.is_dir() else ():
        match = NAME.match(item.name)
        if match and item.is_dir() and (item / MANIFEST).is_file():
            when = datetime.datetime.strptime(match.group(1), STAMP).replace(tzinfo=datetime.UTC)
            found.append((when, item))
    return sorted(found, reverse=True)


def retention_apply(
    *,
    dest: Path | None = None,
    keep_count: int | None = None,
    keep_days: int | None = None,
    now: datetime.datetime | None = None,
) -> list[Path]:
    """Delete backups beyond the newest `keep_count` or older than `keep_days`; the newest one
    is always kept, however old (it may be the only good copy). Returns what was deleted."""
    dest = Path(dest or settings.BACKUP_DIR)
    keep_count = settings.BACKUP_KEEP_COUNT if keep_count is None else keep_count
    keep_days = settings.BACKUP_KEEP_DAYS if keep_days is None else keep_days
    oldest_kept = (now or timezone.now()) - datetime.timedelta(days=keep_days)
    deleted = []
    for index, (when, path) in enumerate(backups_in(dest)):
        if index > 0 and (index >= keep_count or when < oldest_kept):
            shutil.rmtree(path)
            deleted.append(path)
    return deleted


def manifest_load(backup: Path) -> dict:
    """The manifest of a backup folder (or of the manifest file given directly)."""
    path = backup if backup.is_file() else backup / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable manifest at {path}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown manifest format {manifest.get('format')!r}")
    return manifest


def backup_verify(backup: Path) -> dict:
    """The manifest, once every file of the backup has the size and checksum it lists."""
    folder = backup if backup.is_dir() else backup.parent
    manifest = manifest_load(backup)
    for part, expected in manifest["files"].items():
        path = folder / part
        if not path.is_file():
            raise BackupError(f"{path} is missing")
        if path.stat().st_size != expected["bytes"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"{path} does not match its checksum in the manifest: damaged")
    return manifest
