"""The seeded 四清 facts are consistent: economic type with ownership, size class with staff,
division within section, reasons for no union with the employer's size, area codes down the
tree, and every seeded row passes the model's own validation."""

from __future__ import annotations

from collections import Counter

import pytest

from organizations.classifications import (
    ECONOMIC_TYPE_OWNERSHIPS,
    section_of_division,
    size_class_for,
    validate_area_code,
)
from organizations.models import Employer, Union
from seeding.generate import DataSet
from seeding.load import load
from seeding.spec import CITY, DEMO


@pytest.fixture(scope="module")
def demo():
    return DataSet(DEMO, seed=1)


def test_economic_type_fits_ownership_and_size_fits_staff(demo):
    for e in demo.employers:
        assert e.ownership in ECONOMIC_TYPE_OWNERSHIPS[e.economic_type], e
        assert section_of_division(e.industry_division) == e.industry_section, e
        assert e.size_class == size_class_for(e.industry_section, e.employees, e.industry_division)
        assert not (e.above_designated_size and e.size_class == "micro"), e


def test_industries_are_weighted_like_a_manufacturing_city(demo):
    sections = Counter(e.industry_section for e in demo.employers)
    total = sum(sections.values())
    assert sections.most_common(1)[0][0] == "C" and sections["C"] > 0.3 * total
    assert sections["F"] > sections["E"] > 0 and len(sections) >= 12
    kinds = Counter(e.special_kind for e in demo.employers if e.special_kind)
    assert 0 < sum(kinds.values()) < 0.1 * total and len(kinds) >= 3


def test_too_few_staff_is_a_reason_only_for_small_employers(demo):
    uncovered = [e for e in demo.employers if not e.union_id]
    assert any(e.no_union_reason == "too_few" for e in uncovered)
    assert all(e.employees < 25 for e in uncovered if e.no_union_reason == "too_few")


def test_every_node_carries_its_county_code(demo):
    for node in demo.nodes:
        validate_area_code(node.area_code)
        if node.parent is not None and node.level != "county":
            assert node.area_code == node.parent.area_code
    assert len({n.area_code for n in demo.nodes if n.level == "county"}) == len(DEMO.county_names)


def test_the_city_carries_wuxis_codes():
    data = DataSet(CITY.scaled(0.0005), seed=2)
    codes = {n.name: n.area_code for n in data.nodes if n.level in ("city", "county")}
    assert codes["无锡市总工会"] == "320200" and codes["新吴区总工会"] == "320214"
    assert codes["江阴市总工会"] == "320281"


def test_the_seeded_rows_pass_the_models_validation(db):
    load(DataSet(DEMO.scaled(0.05), seed=4))
    employers = list(Employer.objects.all())
    assert {e.economic_type for e in employers} - {""} and all(e.industry_section for e in employers)
    for employer in employers:
        employer.full_clean()
    for union in Union.objects.all():
        union.full_clean(exclude=["path", "depth", "numchild"])
    congress = Union.objects.grassroots().filter(has_workers_congress=True)
    assert congress.exists() and not Union.objects.filter(
        has_workers_congress=False, congress_delegates__gt=0).exists()
