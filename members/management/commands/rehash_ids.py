"""manage.py rehash_ids: recompute every keyed hash under the current ID_HASH_KEY (see README)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from common.sealed_rewrite import rewrite, sealed_models
from members.management.progress import ProgressBar


class Command(BaseCommand):
    help = ("Recompute the keyed hash of every stored resident ID under ID_HASH_KEY, after "
            "changing that key (stop the writers first: look-ups need one hash key).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=5_000)

    def handle(self, *args, batch: int = 5_000, **options) -> None:
        for model in sealed_models():
            bar = ProgressBar(self.stdout, f"{model._meta.label} rehash")
            bar.finish(rewrite(model, "rehash", progress=bar.update, batch=batch))
