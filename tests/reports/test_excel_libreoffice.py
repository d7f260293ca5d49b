"""Real office software reads the files: LibreOffice converts a report and a roster to CSV
and the converted figures are the snapshot's."""

from __future__ import annotations

import csv
import shutil
import subprocess
import uuid

import pytest
from django.utils import translation

from members.identity import mask_resident_id
from reports.files.monthly_report.workbook import report_build
from reports.files.roster_export import roster_export
from reports.models import MonthlySnapshot
from tests import factories as f
from tests.reports.excel_support import busy_city, month  # noqa: F401

# LibreOffice's CSV filter: comma, double quote, UTF-8, from line 1, raw values (not as
# shown), every sheet to its own file (the last token, -1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _soffice() -> str:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(files, out_dir) -> dict[str, list[list[str]]]:
    """{csv file stem: rows}, from one LibreOffice run with a profile of its own."""
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                _soffice(),
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                CSV_FILTER,
                "--outdir",
                str(out_dir),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    return {
        path.stem: list(csv.reader(path.open(encoding="utf-8"))) for path in out_dir.glob("*.csv")
    }


def _number(text: str) -> float:
    """A converted cell: LibreOffice keeps the percent sign of a percentage cell."""
    text = text.replace(",", "")
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text) if text else 0.0


@pytest.mark.libreoffice
def test_libreoffice_reads_the_report_and_the_roster(busy_city, city_officer, month, tmp_path):
    f.member(busy_city.union_b, name="=1+2")
    report, roster = tmp_path / "report.xlsx", tmp_path / "roster.xlsx"
    report_build(user=city_officer, node=busy_city.city, month=month, path=report)
    roster_export(user=city_officer, node=busy_city.county_b, path=roster)
    # the roster of county B for an editor elsewhere would 404; take a masked one of A as well
    editor = f.staff("lo_editor", busy_city.county_a, "editor")
    masked = tmp_path / "masked.xlsx"
    roster_export(user=editor, node=busy_city.county_a, path=masked)

    sheets = _convert([report, roster, masked], tmp_path / "csv")

    with translation.override("zh-hans"):
        summary_name = translation.gettext("Summary")
        total_label = translation.gettext("Total")
    summary = sheets[f"report-{summary_name}"]
    totals = next(row for row in summary if row and row[0] == total_label)
    snap = MonthlySnapshot.objects.get(node=busy_city.city, month=month).figures
    # Columns B, L and O of the summary: grassroots unions, members, migrant-worker members.
    assert [_number(totals[i]) for i in (1, 11, 14)] == [
        snap.unions,
        snap.members,
        snap.members_migrant,
    ]
    assert _number(totals[6]) == pytest.approx(snap.unionization_rate / 100, abs=0.0005)

    roster_rows = next(rows for stem, rows in sheets.items() if stem.startswith("roster-"))
    names = [row[0] for row in roster_rows[2:]]
    assert "=1+2" in names  # stayed text: a formula would have come out as 3
    assert len(names) == 5
    masked_rows = next(rows for stem, rows in sheets.items() if stem.startswith("masked-"))
    ids = {row[1] for row in masked_rows[2:]}
    assert mask_resident_id(busy_city.member_a.resident_id) in ids
    assert busy_city.member_a.resident_id not in ids
