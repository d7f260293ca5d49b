"""Helpers of the job tests (not a test module): point the Celery app at a broker, and check
that every job ended and no file lies on disk without its row."""

from __future__ import annotations

from pathlib import Path

from members.importing.models import ImportBatch, ImportStatus
from reports.files.models import FileStatus, GeneratedFile
from reports.models import RunStatus, SnapshotRun
from unionreg.celery import app

IMPORT_ENDED = {ImportStatus.VALIDATED, ImportStatus.COMMITTED, ImportStatus.REFUSED,
                ImportStatus.REJECTED, ImportStatus.STALE, ImportStatus.FAILED}


def broker_at(url: str) -> None:
    """Send through `url` from now on (the pools keep connections to the old broker)."""
    from kombu import pools

    app.conf.broker_url = url
    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's own registry of producer pools, keyed by connection


def files_on_disk(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def assert_settled(media: Path) -> None:
    """Every job row done or failed (an import: ended), and no file without its row."""
    files = list(GeneratedFile.objects.values_list("pk", "status"))
    assert all(status in (FileStatus.DONE, FileStatus.FAILED) for _pk, status in files), files
    batches = list(ImportBatch.objects.values_list("pk", "status"))
    assert all(status in IMPORT_ENDED for _pk, status in batches), batches
    runs = list(SnapshotRun.objects.values_list("pk", "status"))
    assert all(status in (RunStatus.DONE, RunStatus.FAILED) for _pk, status in runs), runs
    live = {f"files/{name}" for name in GeneratedFile.objects.exclude(file_name="")
            .values_list("file_name", flat=True)}
    for file, plan in ImportBatch.objects.values_list("file", "plan"):
        live.update(name for name in (file, plan) if name)
    orphans = [p for p in files_on_disk(media) if p.relative_to(media).as_posix() not in live]
    assert orphans == [], orphans
