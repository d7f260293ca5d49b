"""Officers' resident IDs sealed as members' are: ciphertext, keyed hash and last four replace
the plain column. A few rows per union: the ORM in batches. Set the keys
(ID_ENCRYPTION_KEYS, ID_HASH_KEY) before migrating. Reversible (the reverse decrypts)."""

from __future__ import annotations

from django.db import migrations, models

BATCH = 5_000


def seal(apps, schema_editor) -> None:
    from common import crypto

    cipher = crypto.cipher()
    Officer = apps.get_model("governance", "Officer")
    last = 0
    while rows := list(Officer.objects.filter(pk__gt=last).order_by("pk")
                       .only("pk", "resident_id")[:BATCH]):
        for row in rows:
            plain = row.resident_id or ""
            row.resident_id_enc = cipher.encrypt(plain) if plain else ""
            row.resident_id_hash = cipher.keyed_hash(plain) if plain else b""
            row.resident_id_last4 = plain[-4:]
        Officer.objects.bulk_update(
            rows, ["resident_id_enc", "resident_id_hash", "resident_id_last4"])
        last = rows[-1].pk


def unseal(apps, schema_editor) -> None:
    from common import crypto

    cipher = crypto.cipher()
    Officer = apps.get_model("governance", "Officer")
    last = 0
    while rows := list(Officer.objects.filter(pk__gt=last).order_by("pk")
                       .only("pk", "resident_id_enc")[:BATCH]):
        for row in rows:
            row.resident_id = cipher.decrypt(row.resident_id_enc) if row.resident_id_enc else ""
        Officer.objects.bulk_update(rows, ["resident_id"])
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="officer",
            name="resident_id_enc",
            field=models.CharField(default="", editable=False, max_length=100,
                                   verbose_name="resident ID, encrypted"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="officer",
            name="resident_id_hash",
            field=models.BinaryField(db_index=True, default=b"", editable=False, max_length=32,
                                     verbose_name="resident ID, keyed hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="officer",
            name="resident_id_last4",
            field=models.CharField(default="", editable=False, max_length=4,
                                   verbose_name="resident ID, last 4"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="officer",
            name="resident_id",
            field=models.CharField(blank=True, default="", max_length=18),
        ),
        migrations.RunPython(seal, unseal, elidable=False),
        migrations.RemoveField(model_name="officer", name="resident_id"),
    ]
