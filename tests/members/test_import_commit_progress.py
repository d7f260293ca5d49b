"""The commit runs in one transaction, yet the page's bar moves: its stages go through the
shared cache, and the status answer shows them while the batch is committing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.importing import jobs
from members.importing.models import ImportBatch, ImportStatus
from tests import factories as f
from tests.members.import_support import check, import_media, row, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]


def _status(client, batch) -> dict:
    return client.get(reverse("import_status", args=[batch.pk])).json()


def test_a_committing_batch_shows_the_stage_its_commit_reached(tree, editor_a, client_for):
    batch = check(tree.union_a, editor_a, xlsx([row("王五", f.resident_id())]))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.COMMITTING, progress=1)
    client = client_for(editor_a)
    assert _status(client, batch)["progress"] == 1
    jobs.commit_progress_set(batch.pk, 70)  # as the worker does after writing the new rows
    assert _status(client, batch)["progress"] == 70


def test_a_finished_batch_shows_its_own_progress(tree, editor_a, client_for):
    batch = check(tree.union_a, editor_a, xlsx([row("王五", f.resident_id())]))
    jobs.commit_progress_set(batch.pk, 30)
    assert _status(client_for(editor_a), batch)["progress"] == 100
