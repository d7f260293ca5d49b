"""Rewrite every sealed resident ID in batches: a new encryption key, or a new hash key.

- `rotate`: values not under the current encryption key (the first of ID_ENCRYPTION_KEYS)
  are decrypted under their own key and encrypted under the current one. Run it after putting
  a new key first; remove the old key from the environment only when it reports 0 left.
- `rehash`: every keyed hash is computed again under ID_HASH_KEY. The hash key cannot be
  rotated like the encryption keys (a hash carries no key id, and equality look-ups need one
  key): stop writers, set the new ID_HASH_KEY, run `rehash_ids`, start again.

Batches go by primary key, each in its own transaction, so a run can be stopped and started
again: `rotate` picks up where it stopped by itself; `rehash` can be repeated safely.
Used by `manage.py rotate_id_keys` and `manage.py rehash_ids`, for every table that holds
sealed IDs (subclasses of common.sealed_id.SealedResidentId, and history tables mirroring them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import connection, models, transaction

from common import crypto
from common.sealed_id import SEALED_FIELDS, SealedResidentId

BATCH = 5_000
Progress = Callable[[type[models.Model], int, int], None]


def sealed_models() -> list[type[models.Model]]:
    """Every table with sealed ID columns: the models that inherit SealedResidentId, and the
    copies of their fields that other tables keep (a history table of django-simple-history
    mirrors the columns without inheriting the class)."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if not model._meta.proxy and (issubclass(model, SealedResidentId)
                                      or set(SEALED_FIELDS) <= names):
            found.append(model)
    return found


def _pending(model: type[models.Model], what: str) -> models.QuerySet:
    qs = model._base_manager.exclude(resident_id_enc="")
    if what == "rotate":
        qs = qs.exclude(resident_id_enc__startswith=crypto.cipher().prefix)
    return qs


def count_pending(model: type[models.Model], what: str) -> int:
    return _pending(model, what).count()


def rewrite(model: type[models.Model], what: str, *, progress: Progress | None = None,
            batch: int = BATCH) -> int:
    """Rotate or rehash the rows of one model; returns how many were rewritten."""
    if what not in ("rotate", "rehash"):
        raise ValueError(what)
    cipher = crypto.cipher()
    column = "resident_id_enc" if what == "rotate" else "resident_id_hash"
    compute = cipher.encrypt if what == "rotate" else cipher.keyed_hash
    total, done, last = count_pending(model, what), 0, None
    while True:
        qs = _pending(model, what).order_by("pk")
        if last is not None:
            qs = qs.filter(pk__gt=last)
        rows = list(qs.values_list("pk", "resident_id_enc")[:batch])
        if not rows:
            return done
        values = [(pk, compute(cipher.decrypt(token))) for pk, token in rows]
        with transaction.atomic():
            _write(model, column, values)
        done, last = done + len(rows), rows[-1][0]
        if progress:
            progress(model, done, total)


def _write(model: type[models.Model], column: str, values: list[tuple]) -> None:
    if connection.vendor != "postgresql":
        objects = [model(pk=pk, **{column: value}) for pk, value in values]
        model._base_manager.bulk_update(objects, [column], batch_size=1_000)
        return
    # One UPDATE ... FROM (VALUES ...) per batch: bulk_update's CASE would cost seconds here.
    table, pk = model._meta.db_table, model._meta.pk.column
    cast = "bytea" if column == "resident_id_hash" else "text"
    rows = ", ".join(["(%s, %s::" + cast + ")"] * len(values))
    params = [v for pair in values for v in pair]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET {column} = v.value FROM (VALUES {rows}) AS v(id, value) "
            f"WHERE t.{pk} = v.id", params)
