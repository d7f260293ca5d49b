"""The scan of a test run's application log for personal data (tests/conftest.py runs it last).

Independent of ops.logs on purpose: it looks for what a resident ID really is (checksum and a
birth date), for mobile numbers, and for the shared cast's member names, so a scrubber that
stopped working, or a handler built without it, fails the run.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from stdnum.cn import ric

ID_CANDIDATE = re.compile(r"(?<!\d)(\d{17}[\dXx])(?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# Members of the shared cast (tests/conftest.py `tree`) and of tests that add members by name.
CAST_NAMES = ("张三", "李四", "王五", "孙七")


def is_resident_id(candidate: str) -> bool:
    number = candidate.upper()
    if ric.calc_check_digit(number) != number[17]:  # it reads the first 17 of 18 characters
        return False
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= birth.year <= datetime.date.today().year


def personal_data_in(path: Path) -> list[tuple[int, str]]:
    """(line number, what was found) for each line holding a resident ID, mobile or cast name."""
    findings: list[tuple[int, str]] = []
    if not path.exists():
        return findings
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if any(is_resident_id(m) for m in ID_CANDIDATE.findall(line)):
                findings.append((number, "resident ID"))
            if MOBILE.search(line):
                findings.append((number, "mobile number"))
            for name in CAST_NAMES:
                if name in line:
                    findings.append((number, "member name"))
    return findings
