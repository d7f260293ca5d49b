"""The province data set (seeding.province): ten cities of the city's shape under one node."""

from __future__ import annotations

from common import crypto
from counting.figures import Figures
from members.identity import validate_resident_id
from members.models import Member
from organizations.models import Employer, Level, Union
from organizations.validators import validate_credit_code
from reports.selectors import rollup_by_child
from seeding.load import load
from seeding.province import ProvinceDataSet
from tests.reports.conftest import assert_counts_agree_with_recount


def test_the_province_holds_its_cities_with_unique_people_and_codes(db):
    data = ProvinceDataSet(seed=3, scale=0.0005, cities=3)
    load(data)
    province = Union.objects.get(level=Level.PROVINCE)
    cities = list(Union.objects.filter(level=Level.CITY).order_by("path"))
    assert [Union.objects.get_parent(c).pk for c in cities] == [province.pk] * 3
    assert len({c.name for c in cities}) == 3
    per_city = data.spec.members
    assert Member.objects.count() == 3 * per_city
    # Resident IDs and credit codes go on numbering from one city to the next: no clash.
    assert Member.objects.values("resident_id_hash").distinct().count() == 3 * per_city
    assert Employer.objects.values("credit_code").distinct().count() == Employer.objects.count()
    for member in Member.objects.order_by("pk")[:200]:
        validate_resident_id(member.reveal_resident_id())
    for code in Employer.objects.values_list("credit_code", flat=True)[:200]:
        validate_credit_code(code)
    totals = sum(rollup_by_child(province).values(), Figures())
    assert totals.members == 3 * per_city
    assert totals.unions_independent == 3 * data.spec.unions_independent
    assert_counts_agree_with_recount()


def test_the_same_seed_gives_the_same_province():
    first, second = (ProvinceDataSet(seed=5, scale=0.0005, cities=2) for _ in range(2))
    rows_a, rows_b = list(first.member_rows()), list(second.member_rows())
    # Column 2 is the ciphertext: a fresh nonce each time, so it is compared decrypted.
    assert [r[:2] + r[3:] for r in rows_a] == [r[:2] + r[3:] for r in rows_b]
    assert [crypto.decrypt(r[2]) for r in rows_a[:50]] == [crypto.decrypt(r[2]) for r in rows_b[:50]]
    assert [n.path for n in first.nodes] == [n.path for n in second.nodes]
