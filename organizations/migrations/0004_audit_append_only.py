"""Audit entries become append-only, down to the database.

The model and its querysets refuse changes and deletes; these triggers refuse them for raw SQL
and any other client too. The one update let through is what ON DELETE SET NULL does when a
user or node is deleted: `user_id` or `node_id` becoming NULL, nothing else changing (the entry
keeps the username as text, filled here for the entries written before).

PostgreSQL refuses UPDATE and DELETE. SQLite (development and tests) refuses UPDATE only: its
deletes are left to the model and queryset refusal, because the seeding's flush empties the
tables with raw deletes there (SQLite has no TRUNCATE, which PostgreSQL's row triggers do not
see). Beware on SQLite: a later migration that rebuilds this table drops its trigger; create it
again in that migration.
"""

from django.db import migrations, models

TABLE = "organizations_auditentry"
FROZEN = ("id", "at", "username", "action", "object_type", "object_id", "data")

PG_FUNCTION = f"""
CREATE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit entries are append-only: delete refused';
    END IF;
    IF ({", ".join("NEW." + c for c in FROZEN)}) IS DISTINCT FROM ({", ".join("OLD." + c for c in FROZEN)})
       OR (NEW.user_id IS NOT NULL AND NEW.user_id IS DISTINCT FROM OLD.user_id)
       OR (NEW.node_id IS NOT NULL AND NEW.node_id IS DISTINCT FROM OLD.node_id) THEN
        RAISE EXCEPTION 'audit entries are append-only: update refused';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
"""
PG_DROP = f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}; DROP FUNCTION IF EXISTS {TABLE}_append_only();"

SQLITE_TRIGGER = f"""
CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
WHEN NOT ({" AND ".join(f"NEW.{c} IS OLD.{c}" for c in FROZEN)}
          AND (NEW.user_id IS NULL OR NEW.user_id IS OLD.user_id)
          AND (NEW.node_id IS NULL OR NEW.node_id IS OLD.node_id))
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only: update refused');
END;
"""
SQLITE_DROP = f"DROP TRIGGER IF EXISTS {TABLE}_no_update;"

# Entries written before this migration get their username, before the trigger forbids it.
BACKFILL = f"""
UPDATE {TABLE} SET username = (SELECT u.username FROM auth_user u WHERE u.id = {TABLE}.user_id)
WHERE user_id IS NOT NULL
"""


def guard(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    schema_editor.execute(BACKFILL)
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def unguard(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0003_node_counts_to_counting'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='auditentry',
            options={'base_manager_name': 'objects', 'ordering': ['-at'], 'verbose_name': 'audit entry', 'verbose_name_plural': 'audit entries'},
        ),
        migrations.AddField(
            model_name='auditentry',
            name='username',
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.RunPython(guard, unguard),
    ]
