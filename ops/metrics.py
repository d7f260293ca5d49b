"""Prometheus metrics: what the processes count as they work, and what the tables say now.

Counters and histograms (requests, latency, queries, tasks) live in each process. With several
processes (gunicorn workers, Celery's pool, separate containers) each service sets
PROMETHEUS_MULTIPROC_DIR to its own folder under one shared folder, and /metrics adds up the
files of all of them. The job rows and the figures are read from the database at scrape time.
"""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "unionreg_http_requests",
    "HTTP requests by view, method and status",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "unionreg_http_request_duration_seconds",
    "Time to answer a request, by view",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUERIES = Histogram(
    "unionreg_http_request_db_queries",
    "Database queries per request, by view",
    ["view"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
)
TASKS = Counter(
    "unionreg_celery_tasks", "Celery tasks finished, by name and state", ["task", "state"]
)
TASK_DURATION = Histogram(
    "unionreg_celery_task_duration_seconds",
    "Celery task run time, by name",
    ["task"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 10800),
)

# The job tables' statuses grouped into the states an operator watches.
FILE_STATES = {"queued": "queued", "running": "running", "failed": "failed", "done": "finished"}
IMPORT_STATES = {
    "pending": "queued",
    "validating": "running",
    "committing": "running",
    "failed": "failed",
    "validated": "finished",
    "refused": "finished",
    "committed": "finished",
    "rejected": "finished",
}
WATCHED = ("queued", "running", "failed")
FIGURES_TTL = 60.0
_figures_cache: dict = {"until": 0.0, "values": {}}


def figures_cache_clear() -> None:
    _figures_cache["until"] = 0.0


def _job_rows(model, states: dict[str, str], now: datetime.datetime) -> dict[str, dict]:
    """Per state: rows, the oldest row's age in seconds, rows that failed in the last day."""
    day_ago = now - datetime.timedelta(days=1)
    rows = (
        model.objects.values("status")
        .annotate(
            n=Count("id"),
            oldest=Min("created_at"),
            last_day=Count("id", filter=Q(created_at__gte=day_ago)),
        )
        .order_by()  # the model's default ordering would split the groups
    )
    found = {state: {"n": 0, "oldest": None, "last_day": 0} for state in WATCHED}
    for row in rows:
        state = found.setdefault(
            states.get(row["status"], "finished"), {"n": 0, "oldest": None, "last_day": 0}
        )
        state["n"] += row["n"]
        state["last_day"] += row["last_day"]
        if row["oldest"] and (state["oldest"] is None or row["oldest"] < state["oldest"]):
            state["oldest"] = row["oldest"]
    return found


def _figures() -> dict[str, int]:
    """The federation's headline figures: one SUM over the counters, kept for a minute."""
    if _figures_cache["until"] > time.monotonic():
        return _figures_cache["values"]
    from counting.models import NodeCounts

    sums = NodeCounts.objects.aggregate(
        members=Sum("members"),
        members_migrant=Sum("members_migrant"),
        unions_independent=Sum("unions_independent"),
        unions_joint=Sum("unions_joint"),
        employers=Sum("employers"),
        employees=Sum("employees"),
    )
    values = {k: int(v or 0) for k, v in sums.items()}
    values["unions"] = values.pop("unions_independent") + values.pop("unions_joint")
    _figures_cache.update(until=time.monotonic() + FIGURES_TTL, values=values)
    return values


def _import_rates() -> dict[str, float]:
    from members.importing.models import ImportBatch

    rates: dict[str, float] = {}
    checked = (
        ImportBatch.objects.filter(validate_seconds__gt=0)
        .order_by("-created_at")
        .values("rows_total", "validate_seconds")
        .first()
    )
    if checked:
        rates["validate"] = checked["rows_total"] / checked["validate_seconds"]
    committed = (
        ImportBatch.objects.filter(commit_seconds__gt=0)
        .order_by("-committed_at")
        .values("committed_new", "committed_updated", "commit_seconds")
        .first()
    )
    if committed:
        rows = committed["committed_new"] + committed["committed_updated"]
        rates["commit"] = rows / committed["commit_seconds"]
    return rates


class StateCollector:
    """Gauges read from the database at each scrape (cheap: grouped counts on indexed columns)."""

    def describe(self):
        return []  # nothing to query when the collector is registered

    def collect(self):
        from members.importing.models import ImportBatch
        from reports.files.models import GeneratedFile

        now = timezone.now()
        jobs = GaugeMetricFamily(
            "unionreg_jobs", "Job rows by kind and state", labels=["kind", "state"]
        )
        oldest = GaugeMetricFamily(
            "unionreg_job_oldest_age_seconds",
            "Age of the oldest queued or running job row",
            labels=["kind", "state"],
        )
        recent = GaugeMetricFamily(
            "unionreg_jobs_last_day",
            "Job rows created in the last 24 hours, by state",
            labels=["kind", "state"],
        )
        for kind, model, states in (
            ("file", GeneratedFile, FILE_STATES),
            ("import", ImportBatch, IMPORT_STATES),
        ):
            for state, row in _job_rows(model, states, now).items():
                jobs.add_metric([kind, state], row["n"])
                recent.add_metric([kind, state], row["last_day"])
                if state in ("queued", "running"):
                    age = (now - row["oldest"]).total_seconds() if row["oldest"] else 0
                    oldest.add_metric([kind, state], max(age, 0))
        yield from (jobs, oldest, recent)
        rate = GaugeMetricFamily(
            "unionreg_import_rows_per_second",
            "Rows per second of the latest roster import, by phase",
            labels=["phase"],
        )
        for phase, value in _import_rates().items():
            rate.add_metric([phase], value)
        yield rate
        for name, value in _figures().items():
            yield GaugeMetricFamily(
                f"unionreg_{name}", f"Current {name.replace('_', ' ')} (counters)", value=value
            )


class _ProcessCollector:
    """This process's own metrics (one process: tests, the dev server)."""

    def collect(self):
        yield from REGISTRY.collect()


class _SharedFolderCollector:
    """The metrics every process of every service wrote under the shared folder."""

    def __init__(self, root: Path):
        self.root = root

    def collect(self):
        files = sorted(str(p) for p in self.root.glob("**/*.db"))
        return MultiProcessCollector.merge(files, accumulate=True)


def exposition() -> bytes:
    """The text /metrics answers."""
    registry = CollectorRegistry(auto_describe=False)
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    registry.register(
        _SharedFolderCollector(Path(folder).parent) if folder else _ProcessCollector()
    )
    registry.register(StateCollector())
    return generate_latest(registry)
