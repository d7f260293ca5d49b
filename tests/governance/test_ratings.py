"""职工之家 ratings: counted per level (and awarding body), per node."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from governance import records, selectors
from governance.models import AwardingBody, HomeKind, HomeLevel
from organizations.models import Level
from tests import factories as f


def rate(union, by, year, level, body=AwardingBody.CITY, kind=HomeKind.HOME):
    return records.home_rating_record(union=union, by=by, year=year, level=level,
                                      awarding_body=body, kind=kind,
                                      document_number=f"锡工发〔{year}〕{union.pk}号")


def test_ratings_counted_per_level(tree, city_officer, today):
    year = today.year - 1
    third = f.node(tree.county_a, Level.GRASSROOTS, "丙公司工会委员会")
    rate(tree.union_a, city_officer, year, HomeLevel.MODEL, AwardingBody.PROVINCE)
    rate(tree.union_a, city_officer, year, HomeLevel.ADVANCED, AwardingBody.CITY)
    rate(third, city_officer, year, HomeLevel.MODEL, AwardingBody.CITY)
    rate(tree.union_b, city_officer, year, HomeLevel.QUALIFIED, AwardingBody.COUNTY)
    rate(tree.union_b, city_officer, year - 1, HomeLevel.MODEL)  # another year

    counts = selectors.home_rating_counts(tree.city, year)
    assert counts.by_level == {"qualified": 1, "advanced": 1, "model": 2}
    assert counts.total == 4
    assert counts.by_body["province"] == {"model": 1}
    assert counts.by_body["city"] == {"advanced": 1, "model": 1}
    assert selectors.home_rating_counts(tree.county_a, year).by_level == {
        "qualified": 0, "advanced": 1, "model": 2}

    rows = selectors.home_rating_table(user=city_officer, node=tree.county_a, year=year)
    by_node = {row.node.pk: row.values for row in rows if row.node}
    assert by_node[tree.township_a.pk]["model"] == 1 and by_node[tree.township_a.pk]["advanced"] == 1
    assert by_node[third.pk]["model"] == 1


def test_a_rating_is_recorded_once_per_body_kind_and_year(tree, city_officer, today):
    rate(tree.union_a, city_officer, today.year, HomeLevel.MODEL)
    with pytest.raises(ValidationError):
        rate(tree.union_a, city_officer, today.year, HomeLevel.ADVANCED)
    rate(tree.union_a, city_officer, today.year, HomeLevel.MODEL, kind=HomeKind.SMALL_HOME)


def test_ratings_are_for_grassroots_unions(tree, city_officer, today):
    with pytest.raises(ValidationError):
        rate(tree.township_a, city_officer, today.year, HomeLevel.MODEL)


def test_review_dates_are_updated_through_the_service(tree, city_officer, today):
    rating = rate(tree.union_a, city_officer, today.year - 2, HomeLevel.MODEL)
    saved = records.home_rating_update(rating=rating, by=city_officer, reviewed_on=today)
    assert saved.reviewed_on == today
