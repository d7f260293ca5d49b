"""The counters now belong to the counting app (its 0001 renames the table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_node_counts"),
        ("counting", "0001_node_counts_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="NodeCounts")],
            database_operations=[],
        ),
    ]
