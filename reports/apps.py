from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from members.seeding.signals import data_set_loaded
        from reports.receivers import demo_reports_after_seed, snapshots_after_seed

        data_set_loaded.connect(snapshots_after_seed, dispatch_uid="reports.snapshots_after_seed")
        data_set_loaded.connect(demo_reports_after_seed, dispatch_uid="reports.demo_reports_after_seed")

        # Celery's autodiscovery imports reports/tasks.py only; the generated files keep their
        # tasks in their own package, registered here in every process that loads the app.
        import reports.files.tasks  # noqa: F401
