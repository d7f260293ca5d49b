import json

from django.core.management.base import BaseCommand

from ops.health import checks, readiness


class Command(BaseCommand):
    help = (
        "The checks of /readyz, printed as JSON; exit status 1 if one fails. Container health "
        "checks of services without HTTP (worker, beat) use it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="append",
            choices=sorted(checks()),
            help="only this check (repeatable); default: all",
        )

    def handle(self, *args, check=None, **options):
        ok, results = readiness(only=check)
        self.stdout.write(json.dumps({"status": "ok" if ok else "fail", "checks": results}))
        if not ok:
            raise SystemExit(1)
