"""Applicants' resident IDs sealed as members' are: ciphertext, keyed hash and last four replace
the plain column; the one-pending-application rule moves to the keyed hash. Applications are
few next to members: the ORM in batches. Set the keys first. Reversible (the reverse decrypts).
"""

from __future__ import annotations

from django.db import migrations, models

BATCH = 5_000


def seal(apps, schema_editor) -> None:
    from common import crypto

    cipher = crypto.cipher()
    Application = apps.get_model("members", "JoinApplication")
    last = 0
    while rows := list(Application.objects.filter(pk__gt=last).order_by("pk")
                       .only("pk", "resident_id")[:BATCH]):
        for row in rows:
            plain = row.resident_id or ""
            row.resident_id_enc = cipher.encrypt(plain) if plain else ""
            row.resident_id_hash = cipher.keyed_hash(plain) if plain else b""
            row.resident_id_last4 = plain[-4:]
        Application.objects.bulk_update(
            rows, ["resident_id_enc", "resident_id_hash", "resident_id_last4"])
        last = rows[-1].pk


def unseal(apps, schema_editor) -> None:
    from common import crypto

    cipher = crypto.cipher()
    Application = apps.get_model("members", "JoinApplication")
    last = 0
    while rows := list(Application.objects.filter(pk__gt=last).order_by("pk")
                       .only("pk", "resident_id_enc")[:BATCH]):
        for row in rows:
            row.resident_id = cipher.decrypt(row.resident_id_enc) if row.resident_id_enc else ""
        Application.objects.bulk_update(rows, ["resident_id"])
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_historical_member_sealed_ids"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="joinapplication", name="joinapplication_one_pending"),
        migrations.AddField(
            model_name="joinapplication",
            name="resident_id_enc",
            field=models.CharField(default="", editable=False, max_length=100,
                                   verbose_name="resident ID, encrypted"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="joinapplication",
            name="resident_id_hash",
            field=models.BinaryField(db_index=True, default=b"", max_length=32,
                                     verbose_name="resident ID, keyed hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="joinapplication",
            name="resident_id_last4",
            field=models.CharField(default="", editable=False, max_length=4,
                                   verbose_name="resident ID, last 4"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="joinapplication",
            name="resident_id",
            field=models.CharField(blank=True, default="", max_length=18),
        ),
        migrations.RunPython(seal, unseal, elidable=False),
        migrations.RemoveField(model_name="joinapplication", name="resident_id"),
        migrations.AddConstraint(
            model_name="joinapplication",
            constraint=models.UniqueConstraint(condition=models.Q(("status", "pending")),
                                               fields=("union", "resident_id_hash"),
                                               name="joinapplication_one_pending"),
        ),
    ]
