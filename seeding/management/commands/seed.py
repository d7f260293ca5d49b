"""manage.py seed demo|city|province: load a deterministic data set (DESIGN.md §5)."""

import time

from django.core.management.base import BaseCommand, CommandError

from organizations.models import Union
from seeding.generate import DataSet
from seeding.load import flush_data_set, load, next_free_id
from seeding.logins import demo_logins_create
from seeding.province import ProvinceDataSet
from seeding.spec import SPECS


class Command(BaseCommand):
    help = "Load the demo, city or province data set, deterministically from a seed number."

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=[*sorted(SPECS), "province"])
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if unions exist")
        parser.add_argument("--flush", action="store_true", help="delete all unions and members first")
        parser.add_argument("--no-logins", action="store_true")

    def handle(self, *args, dataset, seed, scale, if_empty, flush, no_logins, **options):
        if Union.objects.exists():
            if if_empty:
                self.stdout.write("Data already present; not seeding.")
                return self._logins(dataset, no_logins)
            if not flush:
                raise CommandError("The database already has unions: use --flush to replace them.")
            self._flush()
        started = time.monotonic()
        if dataset == "province":  # ten cities (seeding.province)
            data = ProvinceDataSet(seed=seed, first_id=next_free_id(), scale=scale)
        else:
            data = DataSet(SPECS[dataset].scaled(scale), seed=seed, first_id=next_free_id())
        counts = load(data)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Seeded {dataset} (seed {seed}, scale {scale}): {counts['unions']} tree nodes, "
            f"{counts['employers']} employers, {counts['members']} members in {elapsed:.1f} s"
        )
        self._logins(dataset, no_logins)

    def _logins(self, dataset: str, no_logins: bool) -> None:
        if no_logins:
            return
        self.stdout.write("Demo logins:")
        for username, password, label in demo_logins_create():
            self.stdout.write(f"  {username:<10} {password:<16} {label}")

    def _flush(self) -> None:
        flush_data_set()
