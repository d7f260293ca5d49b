"""Benchmark of the employer import at city scale: a generated list of 20,000 employers under
the city's districts, checked and committed through the services (counters, history, audit
per row), in a child process inside a transaction that is rolled back (the seeded city keeps
its published totals). Writes employer_import_validate_s, employer_import_commit_s and
employer_import_rows_per_s.

    python -m bench.employer_imports     # prints the figures
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.imports import _check_deferred_constraints, _database_url, _Rollback

ROWS = 20_000
HEADERS = ["单位名称", "统一社会信用代码", "所在地区", "单位类别", "行业门类", "职工人数",
           "农民工人数", "企业规模", "是否规上", "地址", "法定代表人", "联系电话"]


def write_list(path: Path, districts: list[str], rows: int = ROWS) -> Path:
    from openpyxl import Workbook
    from stdnum.cn import uscc

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("单位名册")
    sheet.append(HEADERS)
    for n in range(rows):
        body = f"91999900MA{n:07d}"  # region 999900: no clash with the seeded codes
        sheet.append([f"基准测试单位{n}有限公司", body + uscc.calc_check_digit(body),
                      districts[n % len(districts)], "170 私营企业", "C 制造业", 20 + n % 400,
                      n % 20, "小型", "否", f"测试路{n}号", f"法人{n}", f"139{n:08d}"])
    workbook.save(path)
    return path


def run(results: dict) -> dict:
    from organizations.models import Level, Union

    city = Union.objects.filter(level=Level.CITY).first()
    if city is None:
        print("employer import: no city in the database, skipped")
        return results
    districts = list(Union.objects.filter(level=Level.COUNTY).values_list("name", flat=True))
    with tempfile.TemporaryDirectory() as tmp:
        path = write_list(Path(tmp) / "employers-20k.xlsx", districts or [city.name])
        env = {**os.environ, "DATABASE_URL": _database_url(), "IMPORT_BENCH_MEDIA": tmp}
        child = subprocess.run([sys.executable, "-m", "bench.employer_imports", "--child",
                                str(path), str(city.pk)], env=env, capture_output=True,
                               text=True, check=True)
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    results.update(figures)
    print(f"employer import, {ROWS:,} rows: validate {figures['employer_import_validate_s']:.2f} s;"
          f" commit {figures['employer_import_commit_s']:.2f} s; "
          f"{figures['employer_import_rows_per_s']:,.0f} rows/s")
    return results


def _child(path: Path, city_pk: int) -> dict:
    from django.db import transaction
    from django.test import override_settings

    figures: dict = {}
    with override_settings(MEDIA_ROOT=os.environ.get("IMPORT_BENCH_MEDIA", tempfile.mkdtemp())):
        try:
            with transaction.atomic():
                figures.update(_import(path, city_pk))
                raise _Rollback
        except _Rollback:
            pass
    return figures


def _import(path: Path, city_pk: int) -> dict:
    from django.core.files import File
    from django.utils import timezone

    from organizations.importing import jobs
    from organizations.importing.models import RegisterImport
    from organizations.models import Role, StaffAccount

    officer = StaffAccount.objects.filter(node_id=city_pk, role=Role.ADMIN).first()
    now = timezone.now()
    record = RegisterImport(node_id=city_pk, kind="employers", created_at=now, keep_until=now,
                            original_name=path.name,
                            created_by=officer.user if officer else None)
    with path.open("rb") as handle:
        record.file.save("employers.xlsx", File(handle), save=True)
    started = time.perf_counter()
    record = jobs.register_import_validate(record_id=record.pk)
    validate_s = time.perf_counter() - started
    assert record.status == "validated" and record.count_new == ROWS, (
        record.status, record.problem, record.errors[:3])
    record.status, record.committed_by = "committing", record.created_by
    record.save(update_fields=["status", "committed_by"])
    started = time.perf_counter()
    record = jobs.register_import_commit(record_id=record.pk)
    _check_deferred_constraints()
    commit_s = time.perf_counter() - started
    assert record.status == "committed" and record.committed_new == ROWS, record.problem
    return {"employer_import_validate_s": round(validate_s, 2),
            "employer_import_commit_s": round(commit_s, 2),
            "employer_import_rows_per_s": round(ROWS / (validate_s + commit_s))}


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreg.settings")
    django.setup()
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_child(Path(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(json.dumps(run({})))
