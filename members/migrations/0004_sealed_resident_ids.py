"""Resident IDs sealed: ciphertext, keyed hash and last four replace the plain column.

Existing rows are converted in batches: on PostgreSQL each batch is read through a server-side
cursor, sealed in Python (common.crypto, ~5 µs a row) and COPYed into a temporary table, and
one UPDATE ... FROM writes them all; the plain column's two indexes are dropped first so the
update does not maintain them. The city's 2.67 million members took 1 minute (3.5 under
heavy load) on a shared two-core machine (most of it PostgreSQL's UPDATE; ~6 s of Python). Elsewhere (SQLite) it is
the ORM in batches. Set the keys (ID_ENCRYPTION_KEYS, ID_HASH_KEY) before migrating.

The birth date keeps its year and month only (the first of the month): the full date is 8
digits of the ID. Reversible: the reverse decrypts (the keys must still be configured).
"""

from __future__ import annotations

import datetime
import io

from django.db import migrations, models

BATCH = 50_000
TABLE = "members_member"


def _copy(cursor, table: str, lines: list[str]) -> None:
    cursor.copy_expert(f"COPY {table} FROM STDIN", io.StringIO("".join(lines)))


def _postgres(connection, *, select: str, temp_columns: str, line, update: str) -> None:
    """Read the rows in batches, turn each into a COPY line, then one UPDATE ... FROM."""
    raw = connection.connection  # psycopg2: a named cursor is a server-side cursor
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE member_id_rewrite ({temp_columns}) ON COMMIT DROP")
        source = raw.cursor(name="member_id_rewrite_source")
        source.itersize = BATCH
        source.execute(select)
        while rows := source.fetchmany(BATCH):
            _copy(cursor.cursor, "member_id_rewrite", [line(row) for row in rows])
        source.close()
        cursor.execute(update)
        cursor.execute("DROP TABLE member_id_rewrite")


def seal_ids(apps, schema_editor) -> None:
    from common import crypto

    cipher = crypto.cipher()
    encrypt, keyed_hash = cipher.encrypt, cipher.keyed_hash
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        _postgres(
            connection,
            select=f"SELECT id, resident_id FROM {TABLE}",
            temp_columns="id bigint, enc varchar(100), hash bytea, last4 varchar(4)",
            line=lambda r: f"{r[0]}\t{encrypt(r[1])}\t\\\\x{keyed_hash(r[1]).hex()}\t{r[1][-4:]}\n",
            update=f"UPDATE {TABLE} AS m SET resident_id_enc = s.enc, resident_id_hash = s.hash, "
                   f"resident_id_last4 = s.last4, "
                   f"birth_date = date_trunc('month', m.birth_date)::date "
                   f"FROM member_id_rewrite AS s WHERE m.id = s.id",
        )
        return
    Member = apps.get_model("members", "Member")
    _orm_batches(Member, lambda m: (
        setattr(m, "resident_id_enc", encrypt(m.resident_id)),
        setattr(m, "resident_id_hash", keyed_hash(m.resident_id)),
        setattr(m, "resident_id_last4", m.resident_id[-4:]),
        setattr(m, "birth_date", m.birth_date.replace(day=1)),
    ), ["resident_id_enc", "resident_id_hash", "resident_id_last4", "birth_date"])


def unseal_ids(apps, schema_editor) -> None:
    from common import crypto

    decrypt = crypto.cipher().decrypt
    connection = schema_editor.connection

    def birth(rid: str) -> datetime.date:
        return datetime.date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14]))

    if connection.vendor == "postgresql":
        def line(row) -> str:
            rid = decrypt(row[1])
            return f"{row[0]}\t{rid}\t{birth(rid).isoformat()}\n"

        _postgres(
            connection,
            select=f"SELECT id, resident_id_enc FROM {TABLE}",
            temp_columns="id bigint, rid varchar(18), birth date",
            line=line,
            update=f"UPDATE {TABLE} AS m SET resident_id = s.rid, birth_date = s.birth "
                   f"FROM member_id_rewrite AS s WHERE m.id = s.id",
        )
        return
    Member = apps.get_model("members", "Member")

    def restore(m) -> None:
        m.resident_id = decrypt(m.resident_id_enc)
        m.birth_date = birth(m.resident_id)

    _orm_batches(Member, restore, ["resident_id", "birth_date"])


def _orm_batches(Member, change, fields: list[str], size: int = 2_000) -> None:
    last = 0
    while batch := list(Member.objects.filter(pk__gt=last).order_by("pk")[:size]):
        for member in batch:
            change(member)
        Member.objects.bulk_update(batch, fields)
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0003_import_stale_and_running_since"),
    ]

    operations = [
        # First the plain column's rule and index, so the conversion does not maintain them.
        migrations.RemoveConstraint(model_name="member", name="member_one_active_membership"),
        migrations.AlterField(
            model_name="member", name="resident_id",
            field=models.CharField(max_length=18, default="", verbose_name="resident ID"),
        ),
        migrations.AddField(
            model_name="member", name="resident_id_enc",
            field=models.CharField(default="", editable=False, max_length=100,
                                   verbose_name="resident ID, encrypted"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="member", name="resident_id_hash",
            field=models.BinaryField(null=True, max_length=32,
                                     verbose_name="resident ID, keyed hash"),
        ),
        migrations.AddField(
            model_name="member", name="resident_id_last4",
            field=models.CharField(default="", editable=False, max_length=4,
                                   verbose_name="resident ID, last 4"),
            preserve_default=False,
        ),
        migrations.RunPython(seal_ids, unseal_ids, elidable=False),
        migrations.RemoveField(model_name="member", name="resident_id"),
        migrations.AlterField(
            model_name="member", name="resident_id_hash",
            field=models.BinaryField(max_length=32, verbose_name="resident ID, keyed hash"),
        ),
        migrations.AlterField(
            model_name="member", name="birth_date",
            field=models.DateField(
                editable=False, verbose_name="birth month",
                help_text="The first day of the birth month: the day is not stored."),
        ),
        migrations.AddConstraint(
            model_name="member",
            # (keyed hash, true if active else NULL): the rule and the index of look-ups by ID.
            constraint=models.UniqueConstraint(
                models.F("resident_id_hash"),
                models.Case(models.When(status="active", then=models.Value(True)),
                            output_field=models.BooleanField()),
                name="member_one_active_membership"),
        ),
    ]
