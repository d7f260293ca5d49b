"""Quarterly and annual reports as generated files: requested on the downloads page for a
period the form offers, built by the worker (writing the snapshots they need), scoped."""

from __future__ import annotations

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from reports.files import services
from reports.files.models import FileKind, FileStatus, GeneratedFile
from reports.files.periods import (
    last_ended_quarter,
    last_ended_reporting_year,
    reporting_year_months,
    reporting_year_start,
)
from reports.files.views import display_name
from reports.models import MonthlySnapshot
from tests.reports.files_support import media  # noqa: F401

TODAY = timezone.localdate()
QUARTER = last_ended_quarter(TODAY)
YEAR = last_ended_reporting_year(TODAY)


@pytest.mark.parametrize(
    ("kind", "field", "value", "stored"),
    [
        ("quarterly", "quarter", QUARTER.isoformat(), QUARTER),
        ("annual", "year", str(YEAR), reporting_year_start(YEAR)),
    ],
)
def test_an_editor_requests_a_period_report_of_the_own_county(
    client_for, tree, editor_a, kind, field, value, stored
):
    response = client_for(editor_a).post(
        reverse("reports_file_request"), {"kind": kind, "node": tree.county_a.pk, field: value}
    )
    assert response.status_code == 302
    record = GeneratedFile.objects.get()
    assert (record.kind, record.node, record.month) == (kind, tree.county_a, stored)


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [("quarterly", "quarter", QUARTER.isoformat()), ("annual", "year", str(YEAR))],
)
def test_an_outsider_cannot_request_a_period_report_of_another_county(
    client_for, tree, editor_a, kind, field, value
):
    response = client_for(editor_a).post(
        reverse("reports_file_request"), {"kind": kind, "node": tree.county_b.pk, field: value}
    )
    assert response.status_code == 404
    assert not GeneratedFile.objects.exists()


def test_a_period_the_form_does_not_offer_is_refused(client_for, tree, editor_a):
    for data in (
        {"kind": "annual", "year": str(YEAR + 1)},  # not ended yet
        {"kind": "quarterly"},
    ):  # no quarter
        response = client_for(editor_a).post(
            reverse("reports_file_request"), {"node": tree.county_a.pk, **data}
        )
        assert response.status_code == 302
    assert not GeneratedFile.objects.exists()


def test_the_worker_builds_the_annual_report_and_its_missing_snapshots(
    client_for, tree, city_officer, editor_a, media
):
    record = services.file_request(
        user=city_officer,
        kind=FileKind.ANNUAL,
        node=tree.county_b,
        month=reporting_year_start(YEAR),
    )
    record = services.file_build(file_id=record.pk)
    assert record.status == FileStatus.DONE, record.error
    months = set(MonthlySnapshot.objects.values_list("month", flat=True))
    assert set(reporting_year_months(YEAR)) <= months
    wb = openpyxl.load_workbook(record.path)
    assert wb.sheetnames[0] == "年报汇总" and f"{YEAR}年度" in wb.worksheets[0]["A1"].value
    assert display_name(record) == f"乙区总工会-{YEAR}年度-统计年报.xlsx"

    url = reverse("reports_file_download", args=[record.pk])
    assert client_for(city_officer).get(url).status_code == 200
    assert client_for(editor_a).get(url).status_code == 404  # county B is not A's
    page = client_for(city_officer).get(reverse("reports_files")).content.decode()
    assert f"{YEAR}年度" in page


def test_the_worker_builds_the_quarterly_report(tree, city_officer, media):
    record = services.file_request(
        user=city_officer, kind=FileKind.QUARTERLY, node=tree.city, month=QUARTER
    )
    record = services.file_build(file_id=record.pk)
    assert record.status == FileStatus.DONE, record.error
    wb = openpyxl.load_workbook(record.path)
    assert wb.sheetnames == ["季度汇总", "新建工会", "季内各月"]
    assert record.period_label in wb.worksheets[0]["A1"].value
