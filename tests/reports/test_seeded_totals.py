"""The seeded data sets: exact published totals on the dashboard, valid IDs and codes."""

from __future__ import annotations

import pytest

from common import crypto
from counting.figures import Figures
from members.identity import validate_resident_id
from members.models import Member
from organizations.models import Employer, Union
from organizations.validators import validate_credit_code
from reports.models import MonthlySnapshot
from reports.selectors import rollup_by_child
from seeding.generate import DataSet
from seeding.load import load
from seeding.spec import CITY, DEMO
from tests.reports.conftest import assert_counts_agree_with_recount


@pytest.mark.parametrize("spec", [CITY.scaled(0.002), DEMO.scaled(0.05)], ids=["city", "demo"])
def test_the_seeded_dashboard_shows_the_spec_exactly(db, spec):
    load(DataSet(spec, seed=7))
    totals = sum(rollup_by_child(Union.objects.get_first_root_node()).values(), Figures())
    assert (totals.unions_independent, totals.unions_joint) == (spec.unions_independent, spec.unions_joint)
    assert totals.employers_covered == spec.employers_covered
    assert totals.employers == spec.employers_covered + spec.employers_uncovered
    assert (totals.members, totals.members_migrant) == (spec.members, spec.migrant_members)
    assert_counts_agree_with_recount()  # the counters were built by the seeding
    assert MonthlySnapshot.objects.filter(node__depth=1).count() == 12  # and a year of trend


def test_every_seeded_resident_id_and_credit_code_is_valid(db):
    load(DataSet(CITY.scaled(0.002), seed=3))
    for member in Member.objects.all():
        validate_resident_id(member.reveal_resident_id())
        assert bytes(member.resident_id_hash) == crypto.keyed_hash(member.reveal_resident_id())
    for code in Employer.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
    assert Member.objects.values("resident_id_hash").distinct().count() == Member.objects.count()


def _opened(rows) -> list[tuple]:
    """The rows with the ciphertext opened: it differs on every run (a fresh random nonce
    per value), what it holds does not."""
    decrypt = crypto.cipher().decrypt
    return [(*row[:2], decrypt(row[2]), *row[3:]) for row in rows]


def test_the_same_seed_gives_the_same_rows():
    spec = DEMO.scaled(0.02)
    first, second = DataSet(spec, seed=5), DataSet(spec, seed=5)
    assert _opened(first.member_rows()) == _opened(second.member_rows())
    assert [e.credit_code for e in first.employers] == [e.credit_code for e in second.employers]
    assert _opened(DataSet(spec, seed=6).member_rows()) != _opened(first.member_rows())


def test_the_text_rows_for_copy_match_the_tuples():
    data = DataSet(DEMO.scaled(0.02), seed=5)
    decrypt = crypto.cipher().decrypt
    for row, line in zip(data.member_rows(), data.member_rows(as_text=True)):
        fields = line.rstrip("\n").split("\t")
        assert fields[:2] == [str(row[0]), row[1]] and decrypt(fields[2]) == decrypt(row[2])
        assert fields[3] == "\\\\x" + row[3].hex() and fields[4:7] == [row[4], row[5], str(row[6])]
        assert fields[10] == str(row[10]) and fields[12] == ("t" if row[12] else "f")
