"""Benchmark of the roster import: a 100,000-row roster read, checked and committed.

`run(results)` (called by `make bench`) writes the file in a temporary directory, then runs
the import in a child process so that the peak memory is the worker's own, not the
benchmark's. The child works inside a transaction it rolls back: the database is left as it
was found (the seeded city keeps its published totals).

    python -m bench.imports            # prints the figures
"""

from __future__ import annotations

import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = 100_000
EXTRA = ["性别", "民族", "备注"]  # present in real rosters; ignored and reported
HEADERS = ["姓名", "身份证号", "手机号", "入会日期", "是否农民工", "新就业形态", "八大群体",
           "工作单位", "政治面貌", *EXTRA]


def write_roster(path: Path, rows: int = ROWS, seed: int = 5) -> Path:
    from openpyxl import Workbook
    from stdnum.cn import ric

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("会员名册")
    sheet.append(HEADERS)
    start = datetime.date(1960, 1, 1)
    for n in range(rows):
        # Region 650102 and a unique birth date + sequence per row: no clash with seeded data.
        birth = start + datetime.timedelta(days=n // 500)
        body = f"650102{birth:%Y%m%d}{n % 500 * 2 + rng.randint(0, 1):03d}"
        joined = datetime.date(2000 + n % 24, 1 + n % 12, 1 + n % 28)
        sheet.append([
            f"会员{n}", body + ric.calc_check_digit(body + "0"), f"139{n:08d}",
            joined if n % 3 else f"{joined.year}.{joined.month}.{joined.day}",
            "是" if n % 2 else "否", "快递员" if n % 10 == 0 else "", "保安员" if n % 7 == 0 else "",
            "", "群众", "男", "汉族", "",
        ])
    workbook.save(path)
    return path


def run(results: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_roster(Path(tmp) / "roster-100k.xlsx")
        env = {**os.environ, "DATABASE_URL": _database_url(), "IMPORT_BENCH_MEDIA": tmp}
        child = subprocess.run([sys.executable, "-m", "bench.imports", "--child",
                                str(path)], env=env, capture_output=True, text=True, check=True)
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    results.update(figures)
    print(f"roster import, {ROWS:,} rows: read {figures['import_read_rows_per_s']:,.0f} rows/s; "
          f"validate {figures['import_100k_validate_s']:.2f} s; "
          f"commit {figures['import_100k_commit_s']:.2f} s; "
          f"whole import {figures['import_rows_per_s']:,.0f} rows/s; "
          f"peak RSS {figures['import_peak_rss_mb']:.0f} MB")
    return results


def _database_url() -> str:
    """The parent's database, so the child measures against the same one."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


class _Rollback(Exception):
    pass


def _child(path: Path) -> dict:
    import resource

    from django.db import transaction
    from django.test import override_settings

    from members.importing.reader import open_roster

    started = time.perf_counter()
    read = sum(1 for _ in open_roster(path).rows())
    figures = {"import_read_rows_per_s": round(read / (time.perf_counter() - started))}
    with override_settings(MEDIA_ROOT=os.environ.get("IMPORT_BENCH_MEDIA", tempfile.mkdtemp())):
        try:
            with transaction.atomic():
                figures.update(_import(path))
                raise _Rollback
        except _Rollback:
            pass
    figures["import_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def _import(path: Path) -> dict:
    from django.core.files import File
    from django.utils import timezone

    from members.importing import jobs
    from members.importing.models import ImportBatch

    node = _bench_union()
    now = timezone.now()
    batch = ImportBatch(node=node, created_at=now, keep_until=now, original_name=path.name)
    with path.open("rb") as handle:
        batch.file.save("roster.xlsx", File(handle), save=True)
    started = time.perf_counter()
    batch = jobs.import_validate(batch_id=batch.pk)
    validate_s = time.perf_counter() - started
    assert batch.status == "validated" and batch.count_new == ROWS, (batch.status, batch.problem,
                                                                     batch.errors[:3])
    batch.status = "committing"
    batch.save(update_fields=["status"])
    started = time.perf_counter()
    batch = jobs.import_commit(batch_id=batch.pk)
    _check_deferred_constraints()
    commit_s = time.perf_counter() - started
    assert batch.status == "committed" and batch.committed_new == ROWS, batch.problem
    return {"import_100k_validate_s": round(validate_s, 2),
            "import_100k_commit_s": round(commit_s, 2),
            "import_rows_per_s": round(ROWS / (validate_s + commit_s))}


def _check_deferred_constraints() -> None:
    """Django's foreign keys are checked at COMMIT; the benchmark rolls back, so it asks for
    the checks now to time what a real commit costs."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _bench_union():
    """A grassroots union for the benchmark, under an existing county if there is one."""
    from organizations.models import Formation, Level, Union

    county = Union.objects.filter(level=Level.COUNTY).first()
    if county is None:
        city = Union.add_root(name="基准测试市总工会", level=Level.CITY)
        county = city.add_child(name="基准测试区总工会", level=Level.COUNTY)
    return county.add_child(name="基准测试工会", level=Level.GRASSROOTS,
                            formation=Formation.INDEPENDENT)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreg.settings")
    from bench.dashboard import _id_keys

    _id_keys()
    django.setup()
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_child(Path(sys.argv[2]))))
    else:
        print(json.dumps(run({})))
