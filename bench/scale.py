"""`make bench-scale` (python -m bench.scale): the province data set, measured.

Seeds `seed province` (ten cities shaped like `city`, about 26.7 million members) into its own
PostgreSQL database if it is not there (PROVINCE_DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/unionreg_province; never DATABASE_URL, as seeding flushes), then measures, as the province officer:
the dashboard of the province, a city and a county (30 requests each through Django's full
request cycle: median, p95, queries), the everyday pages (bench.pages), the province's monthly
report (bench.files, fresh process) and the 100,000-row roster import (bench.imports, rolled
back). Figures are merged into var/bench.json under `province_*` / `*_province_*` names.

    python -m bench.scale [--reseed] [--requests 30] [--skip pages,report,import] [--roster]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench import dashboard as city_bench

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/unionreg_province"
TARGETS = {"dashboard_ms": 50, "page_ms": 150, "report_s": 10, "import_s": 10}


def _province_present() -> bool:
    from counting.models import SubtreeTotals
    from organizations.models import Level, Union
    from reports.models import MonthlySnapshot

    province = Union.objects.filter(level=Level.PROVINCE).first()
    return (
        province is not None
        and Union.objects.filter(level=Level.CITY).count() == 10
        and SubtreeTotals.objects.filter(node=province).exists()
        and MonthlySnapshot.objects.filter(node=province).exists()
    )


def _seed(reseed: bool, previous: dict) -> float | None:
    from django.core.management import call_command

    if not reseed and _province_present():
        return previous.get("province_seed_s")
    print("seeding the province data set (ten cities, ~26.7 million members) ...", flush=True)
    started = time.perf_counter()
    call_command("seed", "province", "--flush", "--no-logins", verbosity=0)
    return round(time.perf_counter() - started, 1)


def _database_gb() -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return round(cursor.fetchone()[0] / 2**30, 2)


def _nodes() -> list[tuple[str, object]]:
    from organizations.models import Level, Union

    province = Union.objects.get(level=Level.PROVINCE)
    city = Union.objects.filter(level=Level.CITY).order_by("path").first()
    county = (
        Union.objects.filter(level=Level.COUNTY, path__startswith=city.path)
        .order_by("path")
        .first()
    )
    return [("province", province), ("province_city", city), ("province_county", county)]


def _dashboards(client, requests: int, figures: dict) -> None:
    print(f"\nDashboard at province scale (full request cycle, {requests} requests each)")
    for name, node in _nodes():
        r = city_bench._time_dashboard(client, node, requests)
        figures.update(
            {
                f"dashboard_{name}_median_ms": r["median_ms"],
                f"dashboard_{name}_p95_ms": r["p95_ms"],
                f"dashboard_{name}_queries": r["queries"],
            }
        )
        print(
            f"  {name:<16} median {r['median_ms']:>7.1f} ms  p95 {r['p95_ms']:>7.1f} ms  "
            f"{r['queries']} queries   {node.name}"
        )


def _pages(client, figures: dict) -> None:
    from bench import pages as bench_pages

    pages: dict = {}
    bench_pages.run(pages, client)
    figures.update({f"province_{k}": v for k, v in pages.items()})
    figures["province_page_max_median_ms"] = max(pages.values())


def _report(figures: dict) -> None:
    from bench import files as bench_files

    runs = sorted(
        (bench_files._child("report") for _ in range(3)), key=lambda r: r["report_city_s"]
    )
    median = runs[1]
    figures.update(
        {
            "report_province_s": median["report_city_s"],
            "report_province_runs_s": [r["report_city_s"] for r in runs],
            "report_province_peak_rss_mb": median["report_city_peak_rss_mb"],
        }
    )
    print(
        f"\nprovince monthly report: {median['report_city_s']} s (median of 3), "
        f"peak {median['report_city_peak_rss_mb']} MB"
    )


def _roster(figures: dict) -> None:
    from bench import files as bench_files

    r = bench_files._child("roster")
    figures.update({f"province_{k}": v for k, v in r.items()})
    print(
        f"province roster export: {r['roster_export_city_s']} s, {r['roster_export_rows']:,} rows"
    )


def _import(figures: dict) -> None:
    from bench import imports as bench_imports

    print()
    r = bench_imports.run({})
    figures.update({f"province_{k}": v for k, v in r.items()})


def _verdicts(f: dict) -> None:
    checks = [
        (
            f"dashboard {n} ≤ {TARGETS['dashboard_ms']} ms",
            f.get(f"dashboard_{n}_median_ms"),
            TARGETS["dashboard_ms"],
        )
        for n in ("province", "province_city", "province_county")
    ] + [
        (
            f"pages ≤ {TARGETS['page_ms']} ms",
            f.get("province_page_max_median_ms"),
            TARGETS["page_ms"],
        ),
        (
            f"monthly report ≤ {TARGETS['report_s']} s",
            f.get("report_province_s"),
            TARGETS["report_s"],
        ),
        (
            f"import validation ≤ {TARGETS['import_s']} s",
            f.get("province_import_100k_validate_s"),
            TARGETS["import_s"],
        ),
        (
            f"import commit ≤ {TARGETS['import_s']} s",
            f.get("province_import_100k_commit_s"),
            TARGETS["import_s"],
        ),
    ]
    print(
        "\ntargets: "
        + ", ".join(
            f"{label} {'n/a' if v is None else ('OK' if v <= limit else 'MISSED')}"
            for label, v, limit in checks
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--skip", default="", help="comma-separated: pages,report,import")
    parser.add_argument(
        "--roster", action="store_true", help="also export the whole province's roster"
    )
    args = parser.parse_args(argv)
    # Its own database, whatever DATABASE_URL says: seeding flushes the tree.
    os.environ["DATABASE_URL"] = os.environ.get("PROVINCE_DATABASE_URL") or DEFAULT_URL
    url = city_bench._environment()
    city_bench._ensure_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    out = Path(settings.VAR_DIR) / "bench.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    figures: dict = {
        "province_seed_s": _seed(args.reseed, previous),
        "province_db_gb": _database_gb(),
    }
    print(f"province: seed {figures['province_seed_s']} s, database {figures['province_db_gb']} GB")
    skip = set(filter(None, args.skip.split(",")))
    client = Client()
    client.force_login(city_bench._bench_user())  # the province officer (the root node)
    with override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        _dashboards(client, args.requests, figures)
        if "pages" not in skip:
            _pages(client, figures)
    if "report" not in skip:
        _report(figures)
    if args.roster:
        _roster(figures)
    if "import" not in skip:
        _import(figures)
    _verdicts(figures)
    city_bench._merge_json(out, figures)
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
