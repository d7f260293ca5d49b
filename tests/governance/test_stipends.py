"""Chair stipends: totals per node and year, and the year's payments as Excel."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from governance import records, selectors
from governance.models import OfficerRole, StipendSource
from organizations.models import Level
from tests import factories as f
from tests.governance.conftest import elect


def chair_of(union, by, today):
    committee = elect(union, by, held_on=today - dt.timedelta(days=400)).committee
    return committee.officers.get(role=OfficerRole.CHAIR)


def pay(officer, by, amount: str, paid_on: dt.date):
    return records.stipend_record(
        officer=officer, by=by, amount=Decimal(amount), period_start=dt.date(paid_on.year, 1, 1),
        period_end=dt.date(paid_on.year, 1, 31), paid_on=paid_on,
        source=StipendSource.FEDERATION)


@pytest.fixture
def paid(tree, city_officer, today):
    last_year = today.year - 1
    chair_a = chair_of(tree.union_a, city_officer, today)
    chair_b = chair_of(tree.union_b, city_officer, today)
    third = f.node(tree.county_a, Level.GRASSROOTS, "丙公司工会委员会")
    chair_c = chair_of(third, city_officer, today)
    pay(chair_a, city_officer, "1200.00", dt.date(last_year, 3, 1))
    pay(chair_a, city_officer, "1200.50", dt.date(last_year, 9, 1))
    pay(chair_c, city_officer, "800.00", dt.date(last_year, 5, 1))
    pay(chair_b, city_officer, "3000.00", dt.date(last_year, 6, 1))
    pay(chair_b, city_officer, "999.00", dt.date(last_year - 1, 6, 1))  # another year
    return last_year, third


def test_stipend_totals_per_node_and_year(tree, city_officer, paid):
    year, third = paid
    totals = selectors.stipend_totals(tree.city, year)
    assert totals[tree.county_a.path] == {"total": Decimal("3200.50"), "payments": 3, "chairs": 2}
    assert totals[tree.county_b.path]["total"] == Decimal("3000.00")
    by_township = selectors.stipend_totals(tree.county_a, year)
    assert by_township[tree.township_a.path]["total"] == Decimal("2400.50")
    assert by_township[third.path]["total"] == Decimal("800.00")
    assert selectors.stipend_totals(tree.county_b, year - 1)[tree.union_b.path]["total"] == 999
    _rows, total = selectors.stipend_table(user=city_officer, node=tree.city, year=year)
    assert total["total"] == Decimal("6200.50") and total["payments"] == 4


def test_stipend_list_outside_scope_is_404(tree, editor_a, paid):
    year, _third = paid
    with pytest.raises(Http404):
        selectors.stipend_list(user=editor_a, node=tree.county_b, year=year)


def test_stipends_are_paid_to_chairs_only(tree, city_officer, today):
    committee = elect(tree.union_a, city_officer, held_on=today).committee
    vice = committee.officers.get(role=OfficerRole.VICE_CHAIR)
    with pytest.raises(ValidationError):
        pay(vice, city_officer, "100", today)


def test_stipend_period_and_amount_are_checked(tree, city_officer, today):
    chair = chair_of(tree.union_a, city_officer, today)
    with pytest.raises(ValidationError):
        pay(chair, city_officer, "0", today)
    with pytest.raises(ValidationError):
        records.stipend_record(officer=chair, by=city_officer, amount=Decimal(1),
                               period_start=today, period_end=today - dt.timedelta(days=1),
                               paid_on=today, source=StipendSource.OTHER)


def test_excel_sheet_of_the_years_payments(client_for, tree, editor_a, city_officer, paid):
    year, _third = paid
    tree.union_a.name = '=HYPERLINK("http://evil.example","点击")'
    tree.union_a.save()
    response = client_for(editor_a).get(
        reverse("governance_stipends_xlsx", args=[tree.county_a.pk, year]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    unions = [r[0] for r in rows[2:-1]]
    assert len(unions) == 3  # county A only, this year only
    assert rows[-1][6] == pytest.approx(3200.50)
    evil = next(c for c in sheet["A"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert evil.data_type == "s" and evil.quotePrefix
    officer_ids = [r[2] for r in rows[2:-1]]
    assert all("********" in value for value in officer_ids)


def test_excel_sheet_outside_scope_is_404(client_for, tree, editor_a, paid):
    year, _third = paid
    response = client_for(editor_a).get(
        reverse("governance_stipends_xlsx", args=[tree.county_b.pk, year]))
    assert response.status_code == 404
