"""The 四清 facts of employers and the survey facts of unions: each code field refuses what the
national lists do not have, and the facts agree with each other (division in section, economic
type with ownership)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from organizations import services
from organizations.classifications import (
    FORM_NUMBER,
    SECTION_DIVISIONS,
    EconomicType,
    IndustrySection,
    section_of_division,
    size_class_for,
    validate_area_code,
)


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


@pytest.mark.parametrize("section", ["Z", "C3", "c", "03"])
def test_an_unknown_section_is_refused(tree, section):
    tree.employer_a.industry_section = section
    assert "industry_section" in errors_of(tree.employer_a)


@pytest.mark.parametrize("division", ["00", "98", "3", "3A", "138"])
def test_a_division_that_is_not_two_digits_of_01_to_97_is_refused(tree, division):
    tree.employer_a.industry_section = "C"
    tree.employer_a.industry_division = division
    assert "industry_division" in errors_of(tree.employer_a)


def test_a_division_outside_its_section_is_refused(tree):
    employer = tree.employer_a
    employer.industry_section, employer.industry_division = "F", "38"  # 38 is manufacturing
    assert "industry_division" in errors_of(employer)
    employer.industry_section = ""  # a division needs its section
    assert "industry_section" in errors_of(employer)
    employer.industry_section = "C"
    employer.full_clean()


@pytest.mark.parametrize("code", ["160", "100", "800", "11"])
def test_an_unknown_economic_type_is_refused(tree, code):
    tree.employer_a.economic_type = code
    assert "economic_type" in errors_of(tree.employer_a)


def test_the_economic_type_must_fit_the_ownership(tree):
    employer = tree.employer_a  # private
    employer.economic_type = EconomicType.WHOLLY_STATE_OWNED_COMPANY
    assert "economic_type" in errors_of(employer)
    employer.economic_type = EconomicType.PRIVATE_ENTERPRISE
    employer.full_clean()


def test_the_contact_phone_is_checked_like_a_member_phone(tree):
    tree.employer_a.contact_phone = "12345"
    assert "contact_phone" in errors_of(tree.employer_a)
    tree.employer_a.contact_phone = "0510-82345678"
    tree.employer_a.full_clean()


@pytest.mark.parametrize("code", ["32020", "3202055", "32O205", "990205", "320205 "])
def test_an_area_code_that_is_not_six_digits_of_a_province_is_refused(tree, code):
    tree.county_a.area_code = code
    assert "area_code" in errors_of(tree.county_a)


def test_valid_area_codes_pass():
    for code in ("320200", "320205", "110105", "810000"):
        validate_area_code(code)


def test_delegates_need_a_workers_congress(tree):
    union = tree.union_a
    union.has_workers_congress, union.congress_delegates = False, 30
    assert "congress_delegates" in errors_of(union)
    union.has_workers_congress = True
    union.full_clean()


def test_the_ownership_follows_an_economic_type_given_alone(tree, editor_a):
    employer = services.employer_create(
        by=editor_a, name="丙事业单位", credit_code="91320200MA1MXGQ04J", node=tree.township_a,
        economic_type="400", industry_section="P", industry_division="83")
    assert employer.ownership == "institution"


def test_the_classification_tables_are_whole():
    # Divisions 01-97 each in exactly one section, in letter order, with no gap.
    covered = [n for lo, hi in SECTION_DIVISIONS.values() for n in range(lo, hi + 1)]
    assert covered == list(range(1, 98))
    assert set(SECTION_DIVISIONS) == set(IndustrySection.values) == set(FORM_NUMBER)
    assert sorted(FORM_NUMBER.values()) == [f"{n:02d}" for n in range(1, 21)]
    assert section_of_division("13") == "C" and section_of_division("97") == "T"


@pytest.mark.parametrize(("section", "division", "staff", "size"), [
    ("C", "38", 1000, "large"), ("C", "38", 999, "medium"), ("C", "38", 20, "small"),
    ("C", "38", 19, "micro"), ("F", "52", 50, "medium"), ("F", "51", 20, "medium"),
    ("F", "51", 4, "micro"), ("P", "83", 300, "large"),
])
def test_size_class_by_staff(section, division, staff, size):
    assert size_class_for(section, staff, division) == size
