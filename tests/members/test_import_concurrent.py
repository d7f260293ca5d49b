"""Two writers at once: an import whose COPY meets a member registered meanwhile by another
transaction ends as "changed meanwhile, check again", writes nothing, and checks again."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction

from members.importing import jobs, services
from members.importing.models import ImportBatch, ImportStatus
from members.importing.reasons import file_reason_text
from members.models import Member
from tests import factories as f
from tests.members.import_support import check, import_media, row, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]


def _register_meanwhile(union, resident_id: str, inserted: threading.Event,
                        release: threading.Event) -> None:
    """Another writer (an editor, another import): its row is in the unique index but not yet
    committed when the import reads the registry, and committed while the import's COPY waits."""
    try:
        with transaction.atomic():
            f.member(union, resident_id=resident_id)
            inserted.set()
            release.wait(10)
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_commit_that_meets_a_member_registered_meanwhile_ends_stale(
        tree, editor_a, monkeypatch):
    # Outside a test transaction the eager task would commit at once: this test runs it itself.
    monkeypatch.setattr("common.jobs.send_on_commit", lambda kind, row: None)
    taken, free = f.resident_id(), f.resident_id()
    batch = check(tree.union_a, editor_a, xlsx([row("甲", taken), row("乙", free)]))
    assert batch.status == ImportStatus.VALIDATED and batch.count_new == 2
    batch = services.import_commit_request(batch=batch, by=editor_a, all_or_nothing=False)
    total = Member.objects.count()

    inserted, release = threading.Event(), threading.Event()
    other = threading.Thread(target=_register_meanwhile,
                             args=(tree.union_b, taken, inserted, release))
    other.start()
    assert inserted.wait(10)
    # The import's COPY blocks on the other writer's uncommitted row; let that one commit.
    threading.Timer(1.0, release.set).start()
    batch = jobs.import_commit(batch_id=batch.pk)
    other.join(10)

    assert batch.status == ImportStatus.STALE
    assert batch.problem["code"] == "stale"
    assert "重新校验" in file_reason_text(batch.problem)
    assert Member.objects.count() == total + 1  # the other writer's member only
    assert not Member.objects.with_resident_id(free).exists()

    # Checked again, the taken row is an error and the other one can be written.
    services.import_revalidate(batch=batch, by=editor_a)
    batch = jobs.import_validate(batch_id=batch.pk)
    assert batch.status == ImportStatus.VALIDATED
    assert (batch.count_new, batch.count_error) == (1, 1)
    batch = services.import_commit_request(batch=batch, by=editor_a, all_or_nothing=False)
    assert jobs.import_commit(batch_id=batch.pk).status == ImportStatus.COMMITTED
    assert Member.objects.with_resident_id(free).filter(union=tree.union_a).exists()
    assert ImportBatch.objects.get(pk=batch.pk).committed_new == 1
