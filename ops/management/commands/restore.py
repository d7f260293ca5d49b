from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.pg import BackupError
from ops.restore import backup_restore, check_in_subprocess


class Command(BaseCommand):
    help = (
        "Restore a backup into a NEW database on the configured server (files into a new "
        "folder), then run restore_check there."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup folder (or its manifest.json)")
        parser.add_argument("--database-name", help="default: <database>_restore_<backup time>")
        parser.add_argument("--files-to", type=Path, help="default: VAR_DIR/restored/<database>")
        parser.add_argument("--no-check", action="store_true", help="skip restore_check")

    def handle(self, *args, backup, database_name=None, files_to=None, no_check=False, **options):
        try:
            restored = backup_restore(backup=backup, database_name=database_name, files_to=files_to)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored database: {restored.database_url}")
        self.stdout.write(f"restored files:    {restored.files}")
        if not no_check and check_in_subprocess(restored, backup) != 0:
            raise CommandError("the restored copy does not match its backup (see above)")
