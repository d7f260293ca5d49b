"""A county editor finds an overdue union in the 换届 list and records its election."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone

from governance.models import Committee
from tests import factories as f
from tests.governance.conftest import elect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_county_editor_records_an_election(live_server, page, tree, editor_a, city_officer):
    today = timezone.localdate()
    old = elect(tree.union_a, city_officer, held_on=today.replace(year=today.year - 5)
                - dt.timedelta(days=20)).committee  # term ended 20 days ago
    chair_id, vice_id = f.resident_id(901), f.resident_id(902, female=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "editor_a")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click(".login-card button[type=submit]")
    page.wait_for_url(re.compile(rf"/nodes/{tree.county_a.pk}/$"))

    # 组织建设 → the county's 换届 list shows the union 20 days overdue.
    page.click("nav.mainnav a[href$='/governance/']")
    page.wait_for_url(re.compile(rf"/governance/nodes/{tree.county_a.pk}/$"))
    row = page.locator("#due-list tr", has_text=tree.union_a.name)
    assert "20" in row.locator("td.num").inner_text()
    row.locator("a").click()
    page.wait_for_url(re.compile(rf"/governance/unions/{tree.union_a.pk}/$"))

    page.click(f"a[href$='/governance/unions/{tree.union_a.pk}/election/']")
    page.fill("input[name=held_on]", today.isoformat())
    page.select_option("select[name=term_years]", value="3")
    page.fill("input[name=note]", "甲工复〔2025〕7号")
    page.select_option("select[name=officers-0-role]", value="chair")
    page.fill("input[name=officers-0-name]", "周新主席")
    page.fill("input[name=officers-0-resident_id]", chair_id)
    page.fill("input[name=officers-0-phone]", "13900000001")
    page.check("input[name=officers-0-full_time]")
    page.select_option("select[name=officers-1-role]", value="women_chair")
    page.fill("input[name=officers-1-name]", "吴女职委主任")
    page.fill("input[name=officers-1-resident_id]", vice_id)
    page.click("#election-form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(rf"/governance/unions/{tree.union_a.pk}/$"))

    current = page.locator("#current-committee")
    assert "周新主席" in current.inner_text() and "吴女职委主任" in current.inner_text()
    assert "*" * 14 + chair_id[-4:] in current.inner_text()  # sealed: the last four only
    assert chair_id not in page.content() and vice_id not in page.content()
    assert "1" in page.locator("#history h2 .count").inner_text()

    new = Committee.objects.current().get(union=tree.union_a)
    old.refresh_from_db()
    assert old.ended_on == today and new.term_years == 3
    assert new.officers.count() == 2

    # Back on the list, the union is no longer due.
    page.goto(f"{live_server.url}/governance/nodes/{tree.county_a.pk}/")
    assert page.locator("#due-list tr", has_text=tree.union_a.name).count() == 0

    shots = settings.VAR_DIR
    shots.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/governance/unions/{tree.union_a.pk}/")
    page.screenshot(path=str(shots / "e2e-election.png"), full_page=True)
