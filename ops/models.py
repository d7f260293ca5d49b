"""Heartbeats: when the worker, beat and each scheduled task last showed they were alive.

In the database rather than in Redis so that /readyz reads one place in every mode, and a
Redis outage shows as a Redis failure, not as a dead worker too.
"""

from django.db import models


class Heartbeat(models.Model):
    # "worker", "beat", or "task:<celery task name>" for each beat-scheduled task.
    name = models.CharField(max_length=200, primary_key=True)
    at = models.DateTimeField()
    state = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "heartbeat"

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
