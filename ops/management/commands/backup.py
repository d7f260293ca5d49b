import datetime
import logging
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.backup import backup_create, retention_apply
from ops.pg import BackupError

logger = logging.getLogger("unionreg.backup")


def seconds_until(at: datetime.time, now: datetime.datetime) -> float:
    """Seconds from `now` (aware, local) to the next `at` in the same time zone."""
    target = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if target <= now:
        target += datetime.timedelta(days=1)
    return (target - now).total_seconds()


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into BACKUP_DIR, then prune old backups."

    def add_arguments(self, parser):
        parser.add_argument("--dest", type=Path, help="folder for backups (default: BACKUP_DIR)")
        parser.add_argument("--keep-all", action="store_true", help="do not prune old backups")
        parser.add_argument(
            "--nightly",
            metavar="HH:MM",
            help="stay running and back up every day at this local time (the compose service)",
        )

    def handle(self, *args, dest=None, keep_all=False, nightly=None, **options):
        if not nightly:
            self.backup_once(dest, keep_all)
            return
        at = datetime.time.fromisoformat(nightly)
        while True:
            time.sleep(seconds_until(at, timezone.localtime()))
            try:
                self.backup_once(dest, keep_all)
            except CommandError as exc:
                # Logged at ERROR (and so to Sentry); tomorrow's run is tried all the same.
                logger.error("nightly backup failed: %s", exc)

    def backup_once(self, dest, keep_all) -> None:
        try:
            path = backup_create(dest=dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        logger.info("backup written", extra={"backup": str(path)})
        self.stdout.write(f"backup written: {path}")
        if not keep_all:
            for old in retention_apply(dest=dest):
                self.stdout.write(f"old backup deleted: {old}")
