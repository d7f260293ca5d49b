"""`make bench` (python -m bench): the city dashboard against a live GROUP BY.

Seeds Wuxi's figures (`seed city`) into a dedicated PostgreSQL database if they are not there
(DATABASE_URL, else postgres://postgres@127.0.0.1:5432/unionreg_bench), then times the
dashboard for the city, one county and one township (30 requests each, through Django's full
request cycle), counts its SQL queries, times the same figures computed live by a GROUP BY over
the member table, prints a table and merges its figures into var/bench.json.

    python -m bench [--reseed] [--requests 30]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/unionreg_bench"
TARGET_MEDIAN_MS, TARGET_QUERIES, TARGET_SPEEDUP, TARGET_SEED_S = 50, 20, 20, 120

LIVE_SQL = """
SELECT substr(u.path, 1, %s) AS child, {figures}
FROM members_member m JOIN organizations_union u ON u.id = m.union_id
WHERE m.status = 'active' AND u.path LIKE %s
GROUP BY 1
"""


def _environment() -> str:
    """Point Django at the bench database before it is set up; production-like settings."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory: not what production does
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreg.settings")
    _id_keys()
    return url


def _id_keys() -> None:
    """Production-like settings need the resident-ID keys. Without them in the environment the
    bench uses this checkout's development keys (VAR_DIR/dev-keys.json), the same on every run
    so a city seeded earlier still decrypts; the child processes inherit them."""
    from unionreg.id_keys import ENCRYPTION_ENV, HASH_ENV, dev_keys

    if not (os.environ.get(ENCRYPTION_ENV) or os.environ.get(HASH_ENV)):
        var_dir = os.environ.get("VAR_DIR") or str(Path(__file__).resolve().parent.parent / "var")
        os.environ.update(dev_keys(Path(var_dir)))
        print(f"resident-ID keys: development keys from {var_dir}/dev-keys.json (bench only)")


def _ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("make bench needs PostgreSQL (set DATABASE_URL to a postgres:// URL)")
    conn = psycopg2.connect(dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
                            host=config["HOST"], port=config["PORT"] or 5432)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
            print(f"created database {config['NAME']}")
    conn.close()


def _city_present() -> bool:
    from counting.models import NodeCounts
    from members.models import Member
    from organizations.models import Level, Union
    from reports.models import MonthlySnapshot
    from seeding.spec import CITY

    return (
        Union.objects.filter(level=Level.GRASSROOTS).count() == CITY.unions
        and Member.objects.count() == CITY.members
        and NodeCounts.objects.exists()
        and MonthlySnapshot.objects.exists()
    )


def _rollups_ensure() -> None:
    """A city seeded before the subtree roll-ups existed gets them from the recount."""
    from counting.models import SubtreeTotals
    from counting.recount import counts_rebuild

    if not SubtreeTotals.objects.exists():
        print("building the subtree roll-ups (recount) ...", flush=True)
        counts_rebuild(repair=True)


def _seed_city(reseed: bool, previous: dict) -> tuple[float | None, bool]:
    """Seconds `seed city` took, and whether it ran now (else the last run's figure)."""
    from django.core.management import call_command

    if not reseed and _city_present():
        _rollups_ensure()
        return previous.get("seed_city_s"), False
    print("seeding the city data set (Wuxi's figures) ...", flush=True)
    started = time.perf_counter()
    call_command("seed", "city", "--flush", "--no-logins", verbosity=0)
    return round(time.perf_counter() - started, 1), True


def _bench_user():
    from django.contrib.auth import get_user_model

    from organizations.models import Role, StaffAccount, Union

    user, _ = get_user_model().objects.get_or_create(username="bench-city-officer")
    StaffAccount.objects.update_or_create(
        user=user, defaults={"node": Union.objects.get_first_root_node(), "role": Role.ADMIN}
    )
    return user


def _nodes() -> list[tuple[str, object]]:
    from organizations.models import Level, Union

    city = Union.objects.get_first_root_node()
    county = Union.objects.filter(level=Level.COUNTY).order_by("path").first()
    township = Union.objects.filter(level=Level.TOWNSHIP, path__startswith=county.path).order_by("path").first()
    return [("city", city), ("county", county), ("township", township)]


def _time_dashboard(client, node, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("reports_dashboard_node", args=[node.pk])
    for _ in range(3):  # warm up: template compilation, connection, caches
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(round(0.95 * len(timings))) - 1)], 1),
        "queries": len(queries.captured_queries),
    }


def _time_live(node, runs: int) -> tuple[float, dict]:
    """The same member figures by a plain GROUP BY over the member table, per child."""
    from django.db import connection

    from counting.rules import MEMBER_FIGURES, member_figures_sql
    from organizations.models import Union

    width = (node.depth + 1) * Union.steplen
    sql = LIVE_SQL.format(figures=", ".join(member_figures_sql("m")))
    timings, rows = [], []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, [width, node.path + "%"])
            rows = cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    totals = [sum(r[i] for r in rows) for i in range(1, 1 + len(MEMBER_FIGURES))]
    return round(statistics.median(timings), 1), dict(zip(MEMBER_FIGURES, totals))


def _check_totals(dashboard_totals, live: dict) -> list[str]:
    from seeding.spec import CITY

    want = {
        "unions_independent": CITY.unions_independent, "unions_joint": CITY.unions_joint,
        "employers_covered": CITY.employers_covered, "members": CITY.members,
        "members_migrant": CITY.migrant_members,
    }
    problems = [f"{k}: dashboard {getattr(dashboard_totals, k)} != spec {v}"
                for k, v in want.items() if getattr(dashboard_totals, k) != v]
    problems += [f"{k}: counters {getattr(dashboard_totals, k)} != live {v}"
                 for k, v in live.items() if getattr(dashboard_totals, k) != v]
    return problems


def _merge_json(path: Path, figures: dict) -> None:
    data = json.loads(path.read_text()) if path.exists() else {}
    data.update(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def _print_table(results: dict, seed_s, seeded_now: bool, totals, problems: list[str]) -> None:
    line = f"{'node':<10} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'live GROUP BY ms':>17} {'speed-up':>9}"
    print("\nDashboard (server time through the full Django request cycle, 30 requests each)")
    print(line)
    print("-" * len(line))
    for name, r in results.items():
        print(f"{name:<10} {r['median_ms']:>10.1f} {r['p95_ms']:>8.1f} {r['queries']:>8d} "
              f"{r['live_ms']:>17.1f} {r['speedup']:>8.1f}×")
    seed_text = "n/a" if seed_s is None else f"{seed_s:.1f} s" + ("" if seeded_now else " (previous run)")
    print(f"\nseed city: {seed_text}    target ≤ {TARGET_SEED_S} s")
    print(f"city totals: {totals.unions_independent:,} independent + {totals.unions_joint:,} joint unions, "
          f"{totals.employers_covered:,} employers covered, {totals.members:,} members, "
          f"{totals.members_migrant:,} migrant workers")
    print("totals exact (spec and live GROUP BY agree)" if not problems else "MISMATCH: " + "; ".join(problems))
    city = results["city"]
    verdicts = [
        ("city median ≤ 50 ms", city["median_ms"] <= TARGET_MEDIAN_MS),
        ("city queries ≤ 20", city["queries"] <= TARGET_QUERIES),
        ("≥ 20× faster than live", city["speedup"] >= TARGET_SPEEDUP),
        ("seed ≤ 120 s", seed_s is not None and seed_s <= TARGET_SEED_S),
    ]
    print("targets: " + ", ".join(f"{label} {'OK' if ok else 'MISSED'}" for label, ok in verdicts))


def _run_other_parts(figures: dict, *, skip: set[str], args=None) -> None:
    """The roster import, the Excel files and the HTTP load have their own benchmarks, on the
    same database."""
    if "ids" not in skip:
        from bench import ids as bench_ids

        print()
        bench_ids.run(figures)
    if "import" not in skip:
        from bench import imports as import_bench

        print()
        import_bench.run(figures)
    if "employers" not in skip:
        from bench import employer_imports

        print()
        employer_imports.run(figures)
    if "files" not in skip:
        from bench import files as bench_files

        print()
        bench_files.run(figures)
    if "http" not in skip:
        from bench import http as bench_http

        bench_http.run(figures, step_s=args.http_seconds, workers=args.http_workers,
                       threads=args.http_threads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="seed again even if the city is there")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--skip", default="",
                        help="comma-separated parts to skip: pages,import,employers,files,ids,http")
    parser.add_argument("--http-seconds", type=int, default=60, help="length of each load step")
    parser.add_argument("--http-workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--http-threads", type=int, default=1, help="threads per worker")
    args = parser.parse_args(argv)
    url = _environment()
    _ensure_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from counting.figures import Figures
    from reports.selectors import rollup_by_child

    call_command("migrate", verbosity=0)
    out = Path(settings.VAR_DIR) / "bench.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    seed_s, seeded_now = _seed_city(args.reseed, previous)
    client = Client()
    client.force_login(_bench_user())
    results, live_city, page_figures = {}, {}, {}
    skip = set(filter(None, args.skip.split(",")))
    # Static URLs without a collected manifest: the bench measures the view, not collectstatic.
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        for name, node in _nodes():
            result = _time_dashboard(client, node, args.requests)
            result["live_ms"], live = _time_live(node, runs=10 if name == "city" else 20)
            result["speedup"] = round(result["live_ms"] / result["median_ms"], 1)
            results[name] = result
            live_city = live if name == "city" else live_city
        if "pages" not in skip:
            from bench import pages as bench_pages

            bench_pages.run(page_figures, client)
    city_node = _nodes()[0][1]
    totals = sum(rollup_by_child(city_node).values(), Figures())
    problems = _check_totals(totals, live_city)
    _print_table(results, seed_s, seeded_now, totals, problems)
    figures = {"seed_city_s": seed_s}
    for name, r in results.items():
        figures.update({
            f"dashboard_{name}_median_ms": r["median_ms"], f"dashboard_{name}_p95_ms": r["p95_ms"],
            f"dashboard_{name}_queries": r["queries"], f"live_groupby_{name}_median_ms": r["live_ms"],
            f"dashboard_{name}_speedup": r["speedup"],
        })
    figures["dashboard_city_totals_exact"] = not problems
    figures.update(page_figures)
    _run_other_parts(figures, skip=skip, args=args)
    _merge_json(out, figures)
    print(f"\nwrote {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
