from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Celery's autodiscovery imports reports/tasks.py only; the generated files keep their
        # tasks in their own package, registered here in every process that loads the app.
        import reports.files.tasks  # noqa: F401
        import reports.tasks  # noqa: F401  (the sweeper sends snapshot runs by task name)
