"""A county editor registers a joint union with two employers and adds its first member."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from members.models import Member
from organizations.models import Formation, Union
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pick_employer(page, text: str) -> None:
    """Type into the searchable picker and click the result: how staff choose employers."""
    box = page.locator(".picker-input")
    box.fill(text)
    option = page.locator(".picker-option", has_text=text)
    option.click()
    page.locator(".chip", has_text=text).wait_for()


def test_county_editor_registers_joint_union(live_server, page, tree, editor_a):
    f.employer(tree.village_a, name="甲村快递网点")
    f.employer(tree.village_a, name="甲村便利超市")
    resident_id = f.resident_id(801, female=True)

    page.goto(f"{live_server.url}/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=username]", "editor_a")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click(".login-card button[type=submit]")
    page.wait_for_url(re.compile(rf"/nodes/{tree.county_a.pk}/$"))

    # Down the tree to the village (by the tree's links), then 建会登记 there.
    page.click(f".tree [data-node='{tree.township_a.pk}'] a:has-text('{tree.township_a.name}')")
    page.wait_for_url(re.compile(rf"/nodes/{tree.township_a.pk}/$"))
    page.click(f".tree [data-node='{tree.village_a.pk}'] a:has-text('{tree.village_a.name}')")
    page.wait_for_url(re.compile(rf"/nodes/{tree.village_a.pk}/$"))
    page.click(f"a[href$='/nodes/{tree.village_a.pk}/unions/new/']")
    page.fill("input[name=name]", "甲村联合工会委员会")
    page.check(f"input[name=formation][value={Formation.JOINT}]")
    page.fill("input[name=founded_on]", "2025-04-01")
    page.fill("input[name=chair_name]", "周主席")
    pick_employer(page, "甲村快递网点")
    pick_employer(page, "甲村便利超市")
    # Removing a chip and choosing again works too.
    page.locator(".chip", has_text="甲村便利超市").locator(".chip-remove").click()
    assert page.locator(".chip").count() == 1
    pick_employer(page, "甲村便利超市")
    page.click("form.form button[type=submit].btn-primary")

    union = Union.objects.get(name="甲村联合工会委员会")
    page.wait_for_url(re.compile(rf"/unions/{union.pk}/$"))
    assert union.formation == Formation.JOINT
    assert {e.name for e in union.employers.all()} == {"甲村快递网点", "甲村便利超市"}

    page.click(f"a[href$='/unions/{union.pk}/members/new/']")
    page.fill("input[name=name]", "钱八")
    page.fill("input[name=resident_id]", resident_id)
    page.select_option("select[name=employer]", label="甲村快递网点")
    page.fill("input[name=joined_on]", "2025-04-02")
    page.select_option("select[name=eight_group]", value="courier")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(rf"/unions/{union.pk}/$"))

    member = Member.objects.get(name="钱八")
    roster = page.locator("#roster")
    assert member.masked_resident_id in roster.inner_text()
    assert resident_id not in page.content()

    shots = settings.VAR_DIR
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "e2e-joint-union-roster.png"), full_page=True)
