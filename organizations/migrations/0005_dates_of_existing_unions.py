"""Existing rows under the 建会 workflow.

* "active" keeps its value and now means founded: existing unions are founded, nothing to change.
* A union dissolved before this release has no dissolution date, so every past month treated it
  as never having existed. Its last save is the best date the registry has: use it, and say so.
"""

from django.db import migrations


def date_the_dissolved(apps, schema_editor):
    Union = apps.get_model("organizations", "Union")
    for union in Union.objects.filter(status="dissolved", dissolved_on__isnull=True).iterator():
        union.dissolved_on = union.updated_at.date()
        if not union.dissolution_reason:
            union.dissolution_reason = "dissolved before dates were recorded; date of last change"
        union.save(update_fields=["dissolved_on", "dissolution_reason"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_lifecycle_and_history")]

    operations = [migrations.RunPython(date_the_dissolved, migrations.RunPython.noop)]
