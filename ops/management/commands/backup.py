from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import backup_create, retention_apply
from ops.pg import BackupError


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into BACKUP_DIR, then prune old backups."

    def add_arguments(self, parser):
        parser.add_argument("--dest", type=Path, help="folder for backups (default: BACKUP_DIR)")
        parser.add_argument("--keep-all", action="store_true", help="do not prune old backups")

    def handle(self, *args, dest=None, keep_all=False, **options):
        try:
            path = backup_create(dest=dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written: {path}")
        if not keep_all:
            for old in retention_apply(dest=dest):
                self.stdout.write(f"old backup deleted: {old}")
