"""The migration that seals existing resident IDs: plain rows in, sealed rows out, and back.

Runs on the configured database: SQLite takes the ORM batches, PostgreSQL the COPY and
UPDATE ... FROM path (run it with DATABASE_URL to exercise that one).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from common import crypto
from tests import factories as f

# Where a database upgraded from before the sealed IDs stands (main's members and governance
# before the merge), and every app's latest migration.
BEFORE = [("members", "0006_merge_joining"), ("governance", "0001_initial")]


def _before():
    """Back to main's state: 0004_sealed_resident_ids hangs off an older leaf, so first back
    past it, then forward along main's branch only."""
    _migrate([("members", "0003_import_stale_and_running_since"), ("governance", "0001_initial")])
    return _migrate(BEFORE)


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _history_columns() -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(
            cursor, "members_historicalmember")}


def _columns() -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(
            cursor, "members_member")}


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_existing_ids_and_drops_the_plain_column():
    old = _before()
    Union, Member = old.get_model("organizations", "Union"), old.get_model("members", "Member")
    union = Union.objects.create(path="0009", depth=1, numchild=0, name="迁移测试工会",
                                 level="grassroots", formation="independent")
    plain = [f.resident_id(female=bool(n % 2), birth=f"1985{n % 12 + 1:02d}{n % 28 + 1:02d}")
             for n in range(30)]
    for n, rid in enumerate(plain):
        Member.objects.create(
            name=f"旧{n}", resident_id=rid, gender="F" if n % 2 else "M",
            birth_date=datetime.date(1985, n % 12 + 1, n % 28 + 1), union=union,
            joined_on=datetime.date(2020, 1, 1), status="active" if n else "left",
            card_no=f"T{n:06d}")
    History = old.get_model("members", "HistoricalMember")
    History.objects.create(
        id=1, name="旧史", resident_id=plain[5], gender="F", birth_date=datetime.date(1985, 6, 6),
        union_id=union.pk, joined_on=datetime.date(2020, 1, 1), status="active", version=1,
        history_date=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
        history_type="+", card_no="")

    new = _migrate()
    assert "resident_id" not in _columns() and "resident_id" not in _history_columns()
    history = new.get_model("members", "HistoricalMember").objects.get(name="旧史")
    assert bytes(history.resident_id_hash) == crypto.keyed_hash(plain[5])
    assert history.birth_date == datetime.date(1985, 6, 1)
    rows = {m.name: m for m in new.get_model("members", "Member").objects.all()}
    cipher = crypto.cipher()
    for n, rid in enumerate(plain):
        row = rows[f"旧{n}"]
        assert cipher.decrypt(row.resident_id_enc) == rid
        assert bytes(row.resident_id_hash) == cipher.keyed_hash(rid)
        assert row.resident_id_last4 == rid[-4:]
        assert row.birth_date == datetime.date(1985, n % 12 + 1, 1)

    back = _before()  # reversible while the keys are there
    restored = {m.name: m for m in back.get_model("members", "Member").objects.all()}
    assert [restored[f"旧{n}"].resident_id for n in range(30)] == plain
    assert restored["旧3"].birth_date == datetime.date(1985, 4, 4)
    assert back.get_model("members", "HistoricalMember").objects.get(
        name="旧史").resident_id == plain[5]
    _migrate()
