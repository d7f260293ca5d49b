from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """`manage.py seed`: the deterministic data sets (DESIGN.md §5). A tool, not the registry:
    it sits above every app it fills, and a running registry never imports it."""

    name = "seeding"
    verbose_name = "Data sets"
