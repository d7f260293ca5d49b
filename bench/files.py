"""Benchmark of the Excel report and the roster export at the city data set's scale.

`run(results)` adds its figures to the dict `make bench` writes to var/bench.json. Each
measurement runs in a fresh Python process, like a Celery worker building one file, so the
peak resident memory (VmHWM from /proc) is that of the work alone, not of the benchmark.
Reads only: the roster is written with masked IDs and no audit entry; the report of last
month needs its snapshot, which the city seed writes (and `backfill_snapshots` can); the annual
report needs the twelve of its reporting year and writes those that are missing, untimed.

    python -m bench.files            # run alone, print and merge into var/bench.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAW_SAMPLE_ROWS = 250_000  # rows held in memory to time the writer alone


def _peak_rss_mb() -> float:
    """This process's high-water mark of resident memory, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _city():
    from organizations.models import Union

    return Union.objects.get_first_root_node()


def _measure_report(out: Path) -> dict:
    from django.utils import timezone

    from counting.months import previous_month
    from reports.files.monthly_report.workbook import report_write
    from reports.files.services import _ensure_snapshots

    city, month = _city(), previous_month(timezone.localdate())
    _ensure_snapshots(city, [month])
    started = time.monotonic()
    data = report_write(node=city, month=month, path=out, by="bench")
    return {
        "report_city_s": round(time.monotonic() - started, 2),
        "report_city_unions": len(data.unions),
        "report_city_peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _measure_annual(out: Path) -> dict:
    """The city's annual report (统计年报) of the last reporting year that has ended; the
    year's missing snapshots are written first and not timed (a worker does that once)."""
    from django.utils import timezone

    from reports.files.annual_report.survey import months_needed
    from reports.files.annual_report.workbook import annual_write
    from reports.files.periods import last_ended_reporting_year, reporting_year_start
    from reports.files.services import _ensure_snapshots

    city = _city()
    first = reporting_year_start(last_ended_reporting_year(timezone.localdate()))
    _ensure_snapshots(city, months_needed(first))
    started = time.monotonic()
    unions = annual_write(node=city, first=first, path=out)
    return {
        "report_annual_city_s": round(time.monotonic() - started, 2),
        "report_annual_city_unions": unions,
        "report_annual_city_peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _measure_roster(out: Path) -> dict:
    from django.utils import translation

    from reports.files.roster_export import (
        roster_headers,
        roster_members,
        roster_rows,
        roster_write,
    )

    city = _city()
    started = time.monotonic()
    with translation.override("zh-hans"):
        total = roster_members(city).count()
        sheets = roster_write(
            out,
            roster_rows(city, full_ids=False),
            total=total,
            headers=roster_headers(),
            title="bench",
        )
    elapsed = time.monotonic() - started
    return {
        "roster_export_city_s": round(elapsed, 1),
        "roster_export_rows": total,
        "roster_export_sheets": sheets,
        "roster_export_rows_per_s": round(total / elapsed),
        "roster_export_peak_rss_mb": round(_peak_rss_mb(), 1),
        "roster_export_file_mb": round(out.stat().st_size / 2**20, 1),
    }


def _measure_roster_full(out: Path) -> dict:
    """The administrators' export: every ID decrypted (and its birth date read from it)."""
    from django.utils import translation

    from reports.files.roster_export import (
        roster_headers,
        roster_members,
        roster_rows,
        roster_write,
    )

    city = _city()
    started = time.monotonic()
    with translation.override("zh-hans"):
        total = roster_members(city).count()
        roster_write(out, roster_rows(city, full_ids=True), total=total,
                     headers=roster_headers(full_ids=True), title="bench")
    elapsed = time.monotonic() - started
    return {
        "roster_export_full_ids_city_s": round(elapsed, 1),
        "roster_export_full_ids_rows_per_s": round(total / elapsed),
        "roster_export_full_ids_peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _measure_raw(out: Path) -> dict:
    """The writer on its own: the same rows, already in memory, no database."""
    import itertools

    from django.utils import translation

    from reports.files.roster_export import roster_headers, roster_rows, roster_write

    with translation.override("zh-hans"):
        rows = list(itertools.islice(roster_rows(_city(), full_ids=False), RAW_SAMPLE_ROWS))
        started = time.monotonic()
        roster_write(out, iter(rows), total=len(rows), headers=roster_headers(), title="bench")
    return {
        "raw_writer_rows_per_s": round(len(rows) / (time.monotonic() - started)),
        "raw_writer_sample_rows": len(rows),
    }


MEASURES = {
    "report": _measure_report,
    "annual": _measure_annual,
    "roster": _measure_roster,
    "roster_full": _measure_roster_full,
    "raw": _measure_raw,
}


def _child(what: str) -> dict:
    """Run one measure in a fresh interpreter and read back its JSON line."""
    with tempfile.TemporaryDirectory(prefix="unionreg-bench-") as tmp:
        out = Path(tmp) / f"{what}.xlsx"
        done = subprocess.run(
            [sys.executable, "-m", "bench.files", "--child", what, str(out)],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
    if done.returncode != 0:
        raise RuntimeError(f"bench {what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


REPORT_RUNS = 3


def run(results: dict) -> dict:
    """Measure the report and the roster export; add the figures to `results` and print them.

    The report is built three times, each in a fresh process, and the median is kept: the
    first run pays for a cold page cache (snapshot rows, the tree) that a worker has warm.
    """
    reports = sorted(
        (_child("report") for _ in range(REPORT_RUNS)), key=lambda r: r["report_city_s"]
    )
    results.update(reports[len(reports) // 2])
    results["report_city_runs_s"] = [r["report_city_s"] for r in reports]
    for what in ("annual", "roster", "roster_full", "raw"):
        results.update(_child(what))
    results["roster_export_full_ids_ratio"] = round(
        results["roster_export_full_ids_city_s"] / results["roster_export_city_s"], 2)
    _print(results)
    return results


def _print(results: dict) -> None:
    rows = [
        ("city monthly report (median of 3)", f"{results['report_city_s']} s", "≤ 5 s"),
        ("  peak memory (report)", f"{results['report_city_peak_rss_mb']} MB", ""),
        ("city annual report (统计年报)", f"{results['report_annual_city_s']} s", ""),
        ("  peak memory (annual report)", f"{results['report_annual_city_peak_rss_mb']} MB", ""),
        (
            "city roster export, end to end",
            f"{results['roster_export_city_s']} s "
            f"({results['roster_export_rows']:,} rows, {results['roster_export_sheets']} sheets)",
            "~1 min",
        ),
        ("  roster rows/s (DB to file)", f"{results['roster_export_rows_per_s']:,}", "≥ 50,000"),
        ("  raw writer rows/s (same rows)", f"{results['raw_writer_rows_per_s']:,}", ""),
        ("  peak memory (roster worker)", f"{results['roster_export_peak_rss_mb']} MB", "≤ 300 MB"),
        (
            "city roster export, full IDs (decrypted)",
            f"{results['roster_export_full_ids_city_s']} s "
            f"(×{results['roster_export_full_ids_ratio']} the masked)",
            "≤ 2× masked",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print("\nExcel report and roster export")
    for name, value, target in rows:
        print(f"  {name:<{width}}  {value:<40} {target}")


def _main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreg.settings")
    from bench.dashboard import _id_keys

    _id_keys()
    import django

    django.setup()
    if argv[:1] == ["--child"]:
        print(json.dumps(MEASURES[argv[1]](Path(argv[2]))))
        return
    results = run({})
    path = Path(os.environ.get("VAR_DIR", "var")) / "bench.json"
    merged = json.loads(path.read_text()) if path.exists() else {}
    merged.update(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2, sort_keys=True))


if __name__ == "__main__":
    _main(sys.argv[1:])
