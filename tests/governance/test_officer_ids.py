"""Officers' resident IDs: checked like members', shown masked, and the raw column touched in
one module only, so that encrypting it at rest (issue #10) changes one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

import governance
from governance.models import Officer
from governance.officer_ids import officer_id_masked, officer_id_set, officers_of_person
from tests import factories as f

APP = Path(governance.__file__).parent
ALLOWED = {"officer_ids.py"}  # the accessors
# A tripwire, not a proof: attribute reads (other than the masked property), ORM keyword
# lookups, and column names handed to the ORM. A typed form value named resident_id is fine.
RAW_ACCESS = [
    re.compile(r"(?<!masked_)\.resident_id\b"),
    re.compile(r"[(,]\s*resident_id(__\w+)?\s*="),
    re.compile(r"(values|values_list|only|defer|order_by|F|Q|annotate|exclude)\([^)]*[\"']resident_id"),
]


def test_only_officer_ids_touches_the_raw_column():
    offenders = []
    for path in APP.rglob("*.py"):
        if "migrations" in path.parts or path.name in ALLOWED:
            continue
        if any(pattern.search(path.read_text()) for pattern in RAW_ACCESS):
            offenders.append(str(path.relative_to(APP)))
    assert offenders == []


def test_ids_are_checked_and_normalised_like_members():
    officer = Officer()
    good = f.resident_id()
    officer_id_set(officer, good[:-1] + good[-1].lower() + " ")
    assert officer_id_masked(officer) == "*" * 14 + good[-4:]  # sealed: the last four only
    with pytest.raises(ValidationError):
        officer_id_set(officer, "110101199001010000")


def test_a_person_is_found_by_the_full_id_only(tree, city_officer, today):
    from tests.governance.conftest import elect, slate

    full = f.resident_id()
    elect(tree.union_a, city_officer, held_on=today, officers=slate(ids=[full]))
    assert officers_of_person(Officer.objects.all(), full).count() == 1
    assert officers_of_person(Officer.objects.all(), full[-4:]).count() == 0
    assert officers_of_person(Officer.objects.all(), "").count() == 0
