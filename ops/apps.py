from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Request ids into the tasks a request enqueues, a JSON line and metrics per task,
        # the heartbeats of worker and beat: connected in every process that loads Django.
        from ops import celery_signals

        celery_signals.connect()
