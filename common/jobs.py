"""Leases of background jobs: every job row is claimed, kept alive, and finished or failed.

A job row (a generated file, an import batch, a snapshot run) carries four columns:
`attempts` (how many times a worker claimed it: a redelivery after a killed worker counts),
`lease_expires_at` (null while nobody holds it; a running worker renews it from a heartbeat
thread), `heartbeat_at` (the last sign of life) and `sent_at` (when a message for it was last
accepted by the broker; null when sending failed or never happened).

A worker claims a row with one conditional UPDATE: the row must be waiting, or running with a
lapsed lease (its worker died). Each app's sweeper (beat, every minute) sends the waiting rows
that were never sent or sent long ago, and hands rows with a lapsed lease back to the queue, or
fails them once `JOB_MAX_ATTEMPTS` are used up. Sending never raises and never waits long: if the
broker is unreachable the row stays waiting and the sweeper sends it when the broker is back.

Nothing here knows the apps: each describes its jobs with a `JobKind`.
"""

from __future__ import annotations

import datetime
import errno
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("unionreg.jobs")


def lease_seconds() -> int:
    return settings.JOB_LEASE_SECONDS


def heartbeat_seconds() -> float:
    return settings.JOB_HEARTBEAT_SECONDS


def max_attempts() -> int:
    return settings.JOB_MAX_ATTEMPTS


def lease_expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(seconds=lease_seconds())


# What a request that could not reach the broker answers at once (the row waits, and the
# sweeper sends it when the broker is back).
BROKER_DOWN = _(
    "The background service is unavailable at the moment; your request is recorded and will "
    "be sent automatically later."
)

# Why a job failed, as the person who asked for it should read it (completed by each page).
FAILURE_TEXT = {
    "disk_full": _("the server's disk is full"),
    "no_permission": _("the server may not write to its files folder"),
    "file_system": _("the server could not write the file"),
    "database": _("the database could not be reached"),
    "timeout": _("it took longer than allowed"),
    "worker_lost": _("the background worker stopped without finishing, several times"),
    "gone": _("what it was built from no longer exists"),
    "internal": _("an internal error"),
}


def failure_code(exc: BaseException) -> str:
    """The reason of a failure, by kind of exception (the details go to the log only: an
    exception's text may quote personal data). A library's own error raised from an OSError
    (a writer that could not save) is judged by that OSError."""
    seen: BaseException | None = exc
    for _depth in range(5):
        if seen is None or isinstance(seen, OSError):
            break
        seen = seen.__cause__ or seen.__context__
    return _code_of(seen if isinstance(seen, OSError) else exc)


def _code_of(exc: BaseException) -> str:
    from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded

    if getattr(exc, "failure_code", None) in FAILURE_TEXT:  # an exception that knows its reason
        return exc.failure_code
    if isinstance(exc, (SoftTimeLimitExceeded, TimeLimitExceeded)):
        return "timeout"
    if isinstance(exc, OSError):
        number = exc.errno or _rust_errno(str(exc))
        if number in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return "disk_full"
        if number in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "no_permission"
        return "file_system"
    if isinstance(exc, DatabaseError):
        return "database"
    return "internal"


def _rust_errno(message: str) -> int | None:
    """Rust writers (rustpy-xlsxwriter) raise OSError with no errno: "... (os error 13)"."""
    found = re.search(r"\(os error (\d+)\)", message)
    return int(found.group(1)) if found else None


def is_passing(exc: BaseException) -> bool:
    """A failure worth another attempt: the database connection went away (a restart), or
    the exception says so (`passing = True`)."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError)) or getattr(exc, "passing", False)


def drop_broken_connections() -> None:
    """After a database error the connection may be dead (the server restarted, or the backend
    was terminated): close it, so that writing the failure opens a new one."""
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close_if_unusable_or_obsolete()
        except DatabaseError:
            conn.close()


@dataclass(frozen=True)
class JobKind:
    """One kind of job on one model: which statuses mean waiting and running, the task that
    runs it and its arguments, and the fields a failure writes."""

    model: type[Model]
    task: str
    waiting: str
    running: str
    fail_fields: Callable[[str], dict]
    args: Callable[[Model], tuple] = field(default=lambda row: (row.pk,))

    @property
    def statuses(self) -> list[str]:
        return list(dict.fromkeys([self.waiting, self.running]))

    def owned(self, pk: int, attempt: int):
        """The row as long as the worker that claimed attempt `attempt` still holds it."""
        return self.model.objects.filter(pk=pk, attempts=attempt, status=self.running)


def claim(kind: JobKind, pk: int) -> int | None:
    """Take the row for this worker; returns the attempt number, or None when the row is done,
    failed, gone, held by a live worker, or out of attempts (the sweeper fails it)."""
    now = timezone.now()
    free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)
    taken = kind.model.objects.filter(
        free, pk=pk, status__in=kind.statuses, attempts__lt=max_attempts()
    ).update(status=kind.running, attempts=F("attempts") + 1,
             lease_expires_at=lease_expiry(now), heartbeat_at=now)
    if not taken:
        return None
    return kind.model.objects.filter(pk=pk).values_list("attempts", flat=True).first()


def renew(kind: JobKind, pk: int, attempt: int) -> bool:
    """Extend the lease; False when the row is no longer this worker's (deleted, handed on)."""
    now = timezone.now()
    row = kind.model.objects.filter(pk=pk)
    with transaction.atomic():
        # The job's own transaction may hold the row (an import commit): a locked row is a
        # live one, and waiting for the lock would stop the heartbeat.
        if (connection.features.has_select_for_update_skip_locked
                and not row.select_for_update(skip_locked=True).exists()):
            return row.exists()
        return bool(kind.owned(pk, attempt).update(lease_expires_at=lease_expiry(now),
                                                   heartbeat_at=now))


def release(kind: JobKind, pk: int, attempt: int, **fields: object) -> bool:
    """Finish the row as this worker: False if it was taken away meanwhile (nothing written)."""
    return bool(kind.owned(pk, attempt).update(lease_expires_at=None, **fields))


def fail(kind: JobKind, pk: int, attempt: int, exc: BaseException, **extra: object) -> str:
    """A job raised: hand it back to the queue when the failure may pass and attempts remain,
    otherwise fail it with a reason. Never leaves the row running while the database answers;
    when it does not, the lease lapses and the sweeper takes over."""
    code = failure_code(exc)
    logger.error("job %s #%s attempt %s failed: %s", kind.task, pk, attempt, code, exc_info=exc)
    if is_passing(exc):
        drop_broken_connections()
    try:
        if is_passing(exc) and attempt < max_attempts():
            kind.owned(pk, attempt).update(status=kind.waiting, lease_expires_at=None,
                                           sent_at=None, **extra)
            return "requeued"
        release(kind, pk, attempt, **kind.fail_fields(code), **extra)
    except DatabaseError:
        logger.exception("job %s #%s: could not record its failure; the sweeper will", kind.task, pk)
    return code


class Heartbeat:
    """Renews a claimed row's lease from a thread while the job runs (PostgreSQL only: on SQLite,
    a development set-up with tasks run in-process, a second writer would only wait)."""

    def __init__(self, kind: JobKind, pk: int, attempt: int) -> None:
        self.kind, self.pk, self.attempt = kind, pk, attempt
        self.lost = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        if connection.vendor == "postgresql" and heartbeat_seconds() > 0:
            self._thread = threading.Thread(target=self._beat, daemon=True,
                                            name=f"heartbeat-{self.kind.task}-{self.pk}")
            self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=heartbeat_seconds() + 5)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(heartbeat_seconds()):
                try:
                    if not renew(self.kind, self.pk, self.attempt):
                        self.lost = True
                        return
                except DatabaseError:
                    # The lease may lapse; the sweeper then hands the job on, which is right
                    # if this worker cannot reach the database either.
                    logger.warning("heartbeat of %s #%s failed", self.kind.task, self.pk)
                    drop_broken_connections()
        finally:
            connections.close_all()  # this thread's own connections


def send(kind: JobKind, row: Model, *, countdown: float | None = None) -> bool:
    """Hand the row's task to the broker; False (logged, the row marked unsent) when the broker
    is unreachable. Short broker timeouts (settings.CELERY_*) keep this under a few seconds."""
    from celery import current_app

    task = current_app.tasks[kind.task]
    rows = kind.model.objects.filter(pk=row.pk)
    if current_app.conf.task_always_eager:
        task.apply_async(kind.args(row), countdown=countdown)  # in-process: errors propagate
        return True
    try:
        task.apply_async(kind.args(row), countdown=countdown)
    except Exception:
        logger.warning("broker unreachable: %s #%s waits for the sweeper", kind.task, row.pk,
                       exc_info=True)
        rows.update(sent_at=None)
        return False
    rows.update(sent_at=timezone.now())
    return True


def send_on_commit(kind: JobKind, row: Model) -> None:
    """Send once the row is committed; `row.send_failed` tells the request if the broker was
    unreachable (the row waits, and the sweeper sends it later)."""
    row.send_failed = False

    def go() -> None:
        row.send_failed = not send(kind, row)

    transaction.on_commit(go)


@dataclass
class SweepResult:
    sent: list[int] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def sweep(kind: JobKind, *, now: datetime.datetime | None = None) -> SweepResult:
    """Hand lapsed leases back to the queue (or fail them after the last attempt) and send the
    rows that wait unsent. Rows locked by a live transaction are skipped, and two sweepers at
    once share the rows out (SKIP LOCKED)."""
    now, result = now or timezone.now(), SweepResult()
    resend_before = now - datetime.timedelta(seconds=settings.JOB_RESEND_AFTER_SECONDS)
    rows = kind.model.objects.select_for_update(skip_locked=True)
    with transaction.atomic():
        lapsed = Q(lease_expires_at__lt=now)
        if kind.running != kind.waiting:
            lapsed |= Q(lease_expires_at__isnull=True)  # running with no lease: from before leases
        for row in rows.filter(lapsed, status=kind.running):
            if row.attempts >= max_attempts():
                kind.model.objects.filter(pk=row.pk).update(
                    lease_expires_at=None, **kind.fail_fields("worker_lost"))
                result.failed.append(row.pk)
                continue
            kind.model.objects.filter(pk=row.pk).update(
                status=kind.waiting, lease_expires_at=None, sent_at=None)
            result.requeued.append(row.pk)
        spent = rows.filter(status=kind.waiting, lease_expires_at__isnull=True,
                            attempts__gte=max_attempts())
        for row in spent:  # no worker may claim it any more: say so rather than wait for ever
            kind.model.objects.filter(pk=row.pk).update(**kind.fail_fields("worker_lost"))
            result.failed.append(row.pk)
        unsent = Q(sent_at__isnull=True) | Q(sent_at__lt=resend_before)
        waiting = list(rows.filter(unsent, status=kind.waiting, lease_expires_at__isnull=True,
                                   attempts__lt=max_attempts()))
        # Marked sent before sending: a second sweeper at the same moment leaves them alone.
        kind.model.objects.filter(pk__in=[r.pk for r in waiting]).update(sent_at=now)
    for position, row in enumerate(waiting):
        if not send(kind, row):
            # The broker is away: the rest wait for the next sweep rather than each time out.
            kind.model.objects.filter(pk__in=[r.pk for r in waiting[position:]]).update(
                sent_at=None)
            break
        result.sent.append(row.pk)
    if result.requeued or result.failed or result.sent:
        logger.info("sweep %s: sent %s, handed back %s, failed %s", kind.task, result.sent,
                    result.requeued, result.failed)
    return result


def failpoint(name: str) -> None:
    """A pause for the fault tests, off unless JOB_FAILPOINTS_DIR is set (it never is in
    production). While the file `<dir>/<name>` exists the job writes its pid to
    `<dir>/<name>.pid` and waits (at most a minute), so a test can kill it mid-way."""
    folder = settings.JOB_FAILPOINTS_DIR
    if not folder:
        return
    trigger = Path(folder) / name
    if not trigger.exists():
        return
    (Path(folder) / f"{name}.pid").write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while trigger.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def sweep_orphans(folder: Path, *, keep: Callable[[Path], bool], grace_seconds: float,
                  now: float | None = None) -> list[Path]:
    """Delete the files under `folder` that no live row claims (`keep` says) and that are older
    than the grace period (a file being written, or whose row is not committed yet, is young).
    Each deletion is logged: these files may hold personal data. Symbolic links are not
    followed: the sweeper deletes only what lies in our own folders."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    cutoff, removed = (now or time.time()) - grace_seconds, []
    for top, _dirs, names in os.walk(folder, followlinks=False):
        for name in sorted(names):
            path = Path(top) / name
            try:
                if path.is_symlink() or path.stat().st_mtime > cutoff or keep(path):
                    continue
                path.unlink()
            except OSError:
                logger.warning("orphan file %s could not be removed", path, exc_info=True)
                continue
            logger.warning("removed orphan file %s (no row refers to it)", path)
            removed.append(path)
    return removed
