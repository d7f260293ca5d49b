"""Roster exports carry personal data: they are deleted after ROSTER_RETENTION_DAYS; reports stay."""

from __future__ import annotations

import datetime

from django.utils import timezone

from counting.months import previous_month
from reports.files import services
from reports.files.models import FileKind, GeneratedFile
from tests.reports.files_support import files_in, media, write_snapshots  # noqa: F401

LAST_MONTH = previous_month(datetime.date.today())


def test_old_rosters_are_deleted_with_their_files_and_reports_kept(
    tree, city_officer, media, settings
):
    settings.ROSTER_RETENTION_DAYS = 7
    write_snapshots(LAST_MONTH)
    old = services.file_request(user=city_officer, kind=FileKind.ROSTER, node=tree.city)
    fresh = services.file_request(user=city_officer, kind=FileKind.ROSTER, node=tree.county_a)
    report = services.file_request(user=city_officer, kind=FileKind.REPORT, node=tree.city,
                                   month=LAST_MONTH)
    for record in (old, fresh, report):
        services.file_build(file_id=record.pk)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    GeneratedFile.objects.filter(pk__in=[old.pk, report.pk]).update(created_at=long_ago)
    old.refresh_from_db()
    assert old.path.exists() and len(files_in(media)) == 3

    assert services.files_purge() == 1

    assert set(GeneratedFile.objects.values_list("pk", flat=True)) == {fresh.pk, report.pk}
    assert not old.path.exists() and len(files_in(media)) == 2
