"""manage.py backfill_snapshots: write the monthly snapshots of past months from dates."""

import datetime

from django.core.management.base import BaseCommand

from reports.services import snapshots_backfill


class Command(BaseCommand):
    help = "Write (or rewrite) the monthly snapshots of the past months from join/leave/founding dates."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=12, help="how many months back (default 12)")
        parser.add_argument("--until", type=datetime.date.fromisoformat, default=None,
                            help="last month to write, as an ISO date (default: last month)")

    def handle(self, *args, months, until, **options):
        rows = snapshots_backfill(months=months, until=until)
        self.stdout.write(f"Wrote {rows} snapshot rows ({months} months).")
