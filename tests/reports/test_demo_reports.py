"""The demo shows the 1st of a month: its last month's reports are built when it is seeded."""

from __future__ import annotations

from organizations.models import Level, Union
from reports.files.models import FileKind, FileStatus, GeneratedFile
from reports.selectors import month_start
from seeding.generate import DataSet
from seeding.load import load
from seeding.spec import CITY, DEMO
from tests.reports.files_support import files_in, media  # noqa: F401


def test_seeding_the_demo_builds_its_last_months_reports(db, media, django_capture_on_commit_callbacks):
    spec = DEMO.scaled(0.05)
    with django_capture_on_commit_callbacks(execute=True):
        load(DataSet(spec, seed=3))
    federations = Union.objects.filter(level__in=[Level.CITY, Level.COUNTY])
    built = GeneratedFile.objects.filter(kind=FileKind.REPORT, month=month_start(spec.as_of))
    assert set(built.values_list("node", flat=True)) == set(federations.values_list("pk", flat=True))
    assert {f.status for f in built} == {FileStatus.DONE}
    assert len(files_in(media)) == federations.count()


def test_the_city_data_set_builds_no_reports(db, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load(DataSet(CITY.scaled(0.001), seed=3))
    assert not GeneratedFile.objects.exists()
