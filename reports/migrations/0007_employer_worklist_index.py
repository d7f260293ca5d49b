"""The partial index behind the 四清 work-list (reports.worklist.selectors.uncovered_q): open
employers with no union, by staff. At city size they are about a seventh of the employers, so
the list's COUNT and its first page read this index instead of the whole employer table.

A plain CREATE INDEX in a migration: the index lives on organizations' table but serves the
reports app; on PostgreSQL it is built concurrently (no write lock on the employers)."""

from django.db import migrations

CREATE = ("CREATE INDEX CONCURRENTLY IF NOT EXISTS employer_worklist ON organizations_employer "
          "(employees DESC) WHERE status = 'open' AND union_id IS NULL")
CREATE_PLAIN = ("CREATE INDEX IF NOT EXISTS employer_worklist ON organizations_employer "
                "(employees DESC) WHERE status = 'open' AND union_id IS NULL")
DROP = "DROP INDEX IF EXISTS employer_worklist"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
    else:
        schema_editor.execute(CREATE_PLAIN)  # SQLite knows partial indexes too


def drop(apps, schema_editor):
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("reports", "0006_worklist_items_visits_targets"),
        ("organizations", "0007_employer_and_union_facts"),
    ]

    operations = [migrations.RunPython(create, drop)]
