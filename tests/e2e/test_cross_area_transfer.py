"""会员关系接转 across areas in a real browser: county A asks, county B accepts, and the member
appears on B's roster with the same card number."""

from __future__ import annotations

import re

import pytest

from members.models import Member, MemberStatus, TransferRequest
from organizations.models import Role
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click(".login-card button[type=submit]")
    page.wait_for_load_state()


def test_a_cross_area_transfer_is_requested_accepted_and_keeps_the_card(live_server, page, tree, editor_a):
    f.staff("editor_b", tree.county_b, Role.EDITOR)
    member = tree.member_a
    card = member.card_no
    assert card

    # County A: from the member's page, ask 乙公司工会 (outside A's area) to take 张三.
    login(page, live_server, "editor_a")
    page.goto(f"{live_server.url}/members/{member.pk}/")
    assert card in page.locator("#card-no").inner_text()
    page.click(f"a[href$='/members/{member.pk}/transfer-request/']")
    page.fill("input[name=q]", "乙公司")
    page.press("input[name=q]", "Enter")
    page.locator("tr", has_text=tree.union_b.name).locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/transfers/\d+/$"))
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ACTIVE  # still in A

    # County B: the request waits in its list; accept it, choosing the employer.
    login(page, live_server, "editor_b")
    page.goto(f"{live_server.url}/transfers/")
    incoming = page.locator("#incoming")
    assert member.name in incoming.inner_text()
    assert member.resident_id not in page.content()
    incoming.locator("a", has_text=member.name).click()
    page.select_option("#accept-form select[name=employer]", label=tree.employer_b.name)
    page.click("#accept-form button[type=submit]")
    page.wait_for_url(re.compile(r"/transfers/\d+/$"))
    assert "已同意" in page.locator("#request-status").inner_text()

    # The member is on B's roster with the same card number.
    page.goto(f"{live_server.url}/unions/{tree.union_b.pk}/")
    row = page.locator("#roster tr", has_text=member.name)
    assert card in row.inner_text()
    moved = TransferRequest.objects.get().to_member
    assert (moved.union_id, moved.card_no) == (tree.union_b.pk, card)
