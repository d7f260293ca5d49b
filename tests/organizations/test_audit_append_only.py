"""Audit entries are append-only: written once by a service, never changed or deleted.

Refused at three levels: the model (save of an existing entry, delete), its querysets
(update, delete) and the database itself (a trigger, for raw SQL and any other client).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from organizations.audit import audit
from organizations.models import AuditEntry, AuditEntryIsAppendOnly
from seeding.load import flush_data_set


@pytest.fixture
def entry(tree, city_officer) -> AuditEntry:
    return audit(by=city_officer, action="union.update", obj=tree.union_a, node=tree.union_a,
                 data={"name": "甲"})


def _unchanged(entry: AuditEntry) -> bool:
    row = AuditEntry.objects.get(pk=entry.pk)
    return (row.action, row.data, row.user_id) == ("union.update", {"name": "甲"}, entry.user_id)


def test_an_entry_records_the_username_as_text(entry, city_officer):
    assert entry.username == "city_officer"


def test_save_of_an_existing_entry_is_refused(entry):
    entry.action = "union.create"
    with pytest.raises(AuditEntryIsAppendOnly):
        entry.save()
    assert _unchanged(entry)


def test_delete_of_an_entry_is_refused(entry):
    with pytest.raises(AuditEntryIsAppendOnly):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(AuditEntryIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="union.create")
    with pytest.raises(AuditEntryIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditEntryIsAppendOnly):
        AuditEntry.objects.bulk_update([entry], ["action"])
    assert _unchanged(entry)


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_an_update_by_raw_sql(entry):
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError):
        _raw(f"UPDATE {table} SET action = %s WHERE id = %s", ["union.create", entry.pk])
    with pytest.raises(DatabaseError):  # not even the user column, to another user
        _raw(f"UPDATE {table} SET user_id = %s WHERE id = %s", [entry.user_id + 1, entry.pk])
    assert _unchanged(entry)


@pytest.mark.postgres
def test_postgres_refuses_a_delete_by_raw_sql(entry):
    with pytest.raises(DatabaseError):
        _raw(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_a_user_keeps_the_entries_and_the_username(entry, city_officer):
    get_user_model().objects.filter(pk=city_officer.pk).delete()
    row = AuditEntry.objects.get(pk=entry.pk)
    assert row.user_id is None and row.username == "city_officer"
    assert (row.action, row.data) == ("union.update", {"name": "甲"})


def test_the_seeding_flush_still_empties_the_data_set(entry, tree):
    if connection.vendor == "postgresql":
        # TRUNCATE waits for no deferred foreign-key check of this test's own inserts.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    flush_data_set()
    assert not AuditEntry.objects.filter(node__isnull=False).exists()
