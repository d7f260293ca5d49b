"""manage.py recount: rebuild the per-node counters from the raw tables."""

from django.core.management.base import BaseCommand

from reports.services import recount


class Command(BaseCommand):
    help = "Recompute every counter from the raw tables; report (and repair) differences."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="report only, repair nothing")

    def handle(self, *args, check, **options):
        result = recount(repair=not check)
        self.stdout.write(
            f"Checked {result.nodes_checked} nodes: {len(result.differences)} differing figures"
            + (" (repaired)" if result.repaired else "")
        )
