"""manage.py rotate_id_keys: re-encrypt resident IDs under the current key (see README)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from common import crypto
from common.sealed_rewrite import count_pending, rewrite, sealed_models
from members.management.progress import ProgressBar


class Command(BaseCommand):
    help = ("Re-encrypt every stored resident ID that is not under the current key (the first "
            "of ID_ENCRYPTION_KEYS), in batches, with a progress bar.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true",
                            help="only count the values not under the current key")
        parser.add_argument("--batch", type=int, default=5_000)

    def handle(self, *args, check: bool = False, batch: int = 5_000, **options) -> None:
        key_id = crypto.cipher().current_key_id
        for model in sealed_models():
            label = model._meta.label
            if check:
                self.stdout.write(f"{label}: {count_pending(model, 'rotate'):,} not under key {key_id}")
                continue
            bar = ProgressBar(self.stdout, f"{label} → {key_id}")
            done = rewrite(model, "rotate", progress=bar.update, batch=batch)
            bar.finish(done)
