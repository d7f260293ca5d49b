"""The recount and snapshot tasks, sent through Redis to a real Celery worker."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from counting.models import NodeCounts
from counting.months import previous_month
from reports.models import MonthlySnapshot
from reports.tasks import recount, snapshot_month
from unionreg.celery import app

LAST_MONTH = previous_month(timezone.localdate())


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_recount_and_snapshot_run_once_through_a_real_worker(tree):
    # transaction=True: the worker thread has its own connection and must see committed rows.
    NodeCounts.objects.filter(pk=tree.union_a.pk).update(members=42)  # drifted: to be repaired
    app.control.purge()  # nothing left over from an earlier run on this Redis database
    with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
        repaired = recount.delay().get(timeout=60)
        rows = snapshot_month.delay(LAST_MONTH.isoformat()).get(timeout=60)

    assert repaired["differences"] > 0  # the worker found and repaired the drift
    assert NodeCounts.objects.get(pk=tree.union_a.pk).members == 1
    assert rows == 7 == MonthlySnapshot.objects.filter(month=LAST_MONTH).count()
    assert MonthlySnapshot.objects.get(node=tree.city, month=LAST_MONTH).members == 2
