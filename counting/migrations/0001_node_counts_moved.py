"""The counters move from the organizations app to this one: the table is renamed, no data moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organizations", "0002_node_counts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NodeCounts",
                    fields=[
                        ("node", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="counts", serialize=False, to="organizations.union")),
                        ("path", models.CharField(db_index=True, default="", max_length=255)),
                        ("built", models.BooleanField(default=False, help_text="an active grassroots union")),
                        ("unions_independent", models.SmallIntegerField(default=0)),
                        ("unions_joint", models.SmallIntegerField(default=0)),
                        ("founded_on", models.DateField(blank=True, null=True)),
                        ("employers", models.IntegerField(default=0)),
                        ("employers_100", models.IntegerField(default=0)),
                        ("employees", models.IntegerField(default=0)),
                        ("migrant_employees", models.IntegerField(default=0)),
                        ("members", models.IntegerField(default=0)),
                        ("members_female", models.IntegerField(default=0)),
                        ("members_migrant", models.IntegerField(default=0)),
                        ("members_new_form", models.IntegerField(default=0)),
                        ("members_eight_group", models.IntegerField(default=0)),
                        ("new_month", models.DateField(blank=True, null=True)),
                        ("members_new", models.IntegerField(default=0)),
                    ],
                    options={
                        "verbose_name": "node counts",
                        "verbose_name_plural": "node counts",
                        "db_table": "organizations_nodecounts",
                    },
                ),
            ],
            database_operations=[],
        ),
        # Now that this app owns it, the table takes this app's name.
        migrations.AlterModelTable(name="NodeCounts", table=None),
    ]
