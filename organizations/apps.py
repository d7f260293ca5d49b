from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Union organizations")

    def ready(self) -> None:
        # Task modules of sub-packages are not autodiscovered (only <app>.tasks is).
        from organizations.importing import tasks  # noqa: F401
