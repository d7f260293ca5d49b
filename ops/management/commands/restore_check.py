from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.pg import BackupError
from ops.restore import restore_check


class Command(BaseCommand):
    help = (
        "Compare this database (DATABASE_URL: the restored copy) with a backup's manifest, "
        "row count by row count, and run the recount check on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup folder (or its manifest.json)")

    def handle(self, *args, backup, **options):
        try:
            result = restore_check(backup=backup)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for table, expected, found in result.table_differences:
            self.stderr.write(f"table {table}: {expected} rows in the backup, {found} restored")
        for node, figure, stored, fresh in result.recount_differences[:50]:
            self.stderr.write(f"recount: node {node} {figure} is {stored}, the members say {fresh}")
        if not result.clean:
            raise CommandError("restore check failed")
        self.stdout.write(
            f"restore check clean: row counts match the manifest, the recount of "
            f"{result.nodes_checked} nodes finds no difference"
        )
