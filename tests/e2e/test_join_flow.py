"""扫码入会 end to end in real Chromium: the QR page's link opened on a phone (390 px wide),
the form filled in (a bad ID refused in the browser first), the union's editor approves, and
the member appears on the roster with a card number."""

from __future__ import annotations

import re

import pytest

from members.joining.models import ApplicationStatus, JoinApplication
from members.models import Member
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click(".login-card button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True,
                                  has_touch=True, device_scale_factor=3)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _wrong_check_digit(rid: str) -> str:
    return rid[:-1] + ("1" if rid[-1] != "1" else "2")


def test_scan_fill_in_review_and_the_member_is_on_the_roster(live_server, page, phone, tree,
                                                             editor_a):
    # The union's editor opens the QR page: the poster is there, with the join address.
    login(page, live_server, "editor_a")
    page.goto(f"{live_server.url}/unions/{tree.union_a.pk}/")
    page.click(f"a[href$='/joining/unions/{tree.union_a.pk}/']")
    # The poster image loads (decode() waits for it, and fails on a broken image).
    assert page.locator("img.poster").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    join_url = page.locator("#join-url").inner_text().strip()
    assert re.search(r"/j/[\w-]{32,}/$", join_url)

    # A worker scans it on a phone.
    phone.goto(join_url)
    assert tree.union_a.name in phone.locator("#join-union").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    rid = f.resident_id(birth="19950612")
    phone.fill("input[name=name]", "王小明")
    phone.fill("input[name=resident_id]", _wrong_check_digit(rid))
    phone.fill("input[name=phone]", "13912345678")
    phone.select_option("select[name=employer]", label=tree.employer_a.name)
    phone.check("input[name=is_migrant]")
    phone.select_option("select[name=eight_group]", value="courier")
    phone.check("input[name=consent]")
    phone.click("button[type=submit]")
    # Refused in the browser: the message shows, nothing was sent.
    assert "校验位不正确" in phone.locator("#resident-id-check").inner_text()
    assert phone.url == join_url and not JoinApplication.objects.exists()

    phone.fill("input[name=resident_id]", rid)
    assert phone.locator("#resident-id-check").is_hidden()
    phone.click("button[type=submit]")
    phone.wait_for_url(re.compile(r"/j/received/$"))
    assert "申请已收到" in phone.locator("#join-received").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The editor reviews it and approves.
    page.goto(f"{live_server.url}/joining/")
    page.locator("#join-queue a", has_text="王小明").click()
    assert rid not in page.content()
    page.click("#approve-form button[type=submit]")
    page.wait_for_url(re.compile(r"/joining/applications/\d+/$"))
    assert "已同意" in page.locator("#application-status").inner_text()
    assert JoinApplication.objects.get().status == ApplicationStatus.APPROVED

    # On the roster, with a card number.
    member = Member.objects.with_resident_id(rid).get()
    assert member.card_no and member.is_migrant and member.eight_group == "courier"
    page.goto(f"{live_server.url}/unions/{tree.union_a.pk}/")
    row = page.locator("#roster tr", has_text="王小明")
    assert member.card_no in row.inner_text()


def test_a_bad_id_is_refused_in_the_browser_as_it_is_typed(live_server, phone, tree):
    from members.joining.services import link_of

    phone.goto(f"{live_server.url}/j/{link_of(tree.union_a).token}/")
    phone.fill("input[name=resident_id]", "110101199013011234")  # no 13th month
    assert "出生日期不正确" in phone.locator("#resident-id-check").inner_text()
    phone.fill("input[name=resident_id]", _wrong_check_digit(f.resident_id()))
    assert "校验位不正确" in phone.locator("#resident-id-check").inner_text()
    assert phone.locator("input[name=resident_id]").evaluate("i => !i.checkValidity()")
    phone.fill("input[name=resident_id]", f.resident_id())
    assert phone.locator("input[name=resident_id]").evaluate("i => i.checkValidity()")
