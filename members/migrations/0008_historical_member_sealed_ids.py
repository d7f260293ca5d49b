"""The history of members (django-simple-history) mirrors the sealed ID columns too.

Existing history rows are sealed in batches (ciphertext, keyed hash, last four; the birth date
kept to its month, as members' are), then the plain column is dropped. The history table is
small next to the member table (bulk paths write MemberEvent rows, not history), so the ORM in
batches is enough on every database. Set the keys (ID_ENCRYPTION_KEYS, ID_HASH_KEY) first.
"""

from __future__ import annotations

from django.db import migrations, models

BATCH = 5_000


def seal_history(apps, schema_editor) -> None:
    from common import crypto

    cipher = crypto.cipher()
    History = apps.get_model("members", "HistoricalMember")
    last = 0
    while rows := list(History.objects.filter(history_id__gt=last).order_by("history_id")
                       .only("history_id", "resident_id", "birth_date")[:BATCH]):
        for row in rows:
            plain = row.resident_id or ""
            row.resident_id_enc = cipher.encrypt(plain) if plain else ""
            row.resident_id_hash = cipher.keyed_hash(plain) if plain else b""
            row.resident_id_last4 = plain[-4:]
            if row.birth_date is not None:
                row.birth_date = row.birth_date.replace(day=1)
        History.objects.bulk_update(
            rows, ["resident_id_enc", "resident_id_hash", "resident_id_last4", "birth_date"])
        last = rows[-1].history_id


def unseal_history(apps, schema_editor) -> None:
    from common import crypto

    cipher = crypto.cipher()
    History = apps.get_model("members", "HistoricalMember")
    last = 0
    while rows := list(History.objects.filter(history_id__gt=last).order_by("history_id")
                       .only("history_id", "resident_id_enc")[:BATCH]):
        for row in rows:
            row.resident_id = cipher.decrypt(row.resident_id_enc) if row.resident_id_enc else ""
        History.objects.bulk_update(rows, ["resident_id"])
        last = rows[-1].history_id


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_merge_sealed_ids_and_joining"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmember",
            name="resident_id_enc",
            field=models.CharField(default="", editable=False, max_length=100,
                                   verbose_name="resident ID, encrypted"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalmember",
            name="resident_id_hash",
            field=models.BinaryField(default=b"", max_length=32,
                                     verbose_name="resident ID, keyed hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalmember",
            name="resident_id_last4",
            field=models.CharField(default="", editable=False, max_length=4,
                                   verbose_name="resident ID, last 4"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="historicalmember",
            name="resident_id",
            field=models.CharField(blank=True, default="", max_length=18),
        ),
        migrations.RunPython(seal_history, unseal_history, elidable=False),
        migrations.RemoveField(model_name="historicalmember", name="resident_id"),
        migrations.AlterField(
            model_name="historicalmember",
            name="birth_date",
            field=models.DateField(editable=False,
                                   help_text="The first day of the birth month: the day is not stored.",
                                   verbose_name="birth month"),
        ),
    ]
