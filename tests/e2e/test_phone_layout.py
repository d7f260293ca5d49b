"""Every main page at a phone's width (390 × 844, an iPhone 12-14): nothing wider than the
screen, no name squeezed to one character per line, the menu behind a button, and big enough
touch targets in it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from counting.recount import counts_rebuild
from members.models import MemberStatus
from organizations.models import Formation, Level
from reports.files import services as file_services
from tests import factories as f
from tests.members.import_support import HEADERS, check, row, xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# What the page measures: horizontal overflow, and text cells of at least four characters
# narrower than two characters (a cell that wraps one character per line is about one wide).
MEASURE = """() => {
  const squeezed = [];
  const cells = document.querySelectorAll(
    "table td, table th, table a, .mainnav a, .tree a, .tree summary");
  for (const el of cells) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;  // not shown (a closed menu or tree branch)
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const text = (el.innerText || "").trim();
    if ([...text].length < 4) continue;
    const size = parseFloat(style.fontSize);
    // The width the text has: the box less its padding (a cell's padding is not room for text).
    const width = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (width < 2 * size) squeezed.push(text.slice(0, 30) + " (" + Math.round(width) + "px)");
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          squeezed: squeezed.slice(0, 10)};
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def busy_area(tree, city_officer, settings, tmp_path):
    """Long names and every kind of row, so that each table has something to squeeze."""
    settings.MEDIA_ROOT = tmp_path / "media"
    long_union = f.node(tree.township_a, Level.GRASSROOTS, "甲街道快递物流行业联合工会委员会",
                        formation=Formation.JOINT, credit_code=f.credit_code(7001))
    employer = f.employer(tree.township_a, union=long_union, employees=320,
                          name="无锡市甲街道某某精密机械制造有限公司")
    f.employer(tree.township_a, employees=150, name="甲街道尚未建会的大型纺织服装有限公司")
    for n in range(3):
        f.member(long_union, name=f"欧阳明{n}", employer=employer, phone="13912345678",
                 new_form_category="courier", eight_group="courier", is_migrant=True)
    f.member(long_union, name="司马离开", employer=employer,
             status=MemberStatus.LEFT, left_on="2024-06-30")
    check(tree.township_a, city_officer, xlsx([
        row("新来的人", f.resident_id(802)) + [long_union.name],
        row("错号的人", "110101199001011230"),
        row("无工会的人", f.resident_id(801)) + ["不存在的某某公司工会委员会"],
    ], headers=HEADERS + ["所属工会"]))
    file_services.file_request(user=city_officer, kind="roster", node=tree.county_a)
    counts_rebuild()  # the factories write rows directly, past the live counters
    return long_union


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click(".login-card button[type=submit]")
    page.wait_for_url(re.compile(r"/nodes/\d+/$"))


def _screenshot(page, name: str) -> None:
    """For a human look when E2E_SCREENSHOTS names a folder."""
    if os.environ.get("E2E_SCREENSHOTS"):
        folder = Path(os.environ["E2E_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"phone-{name}.png"), full_page=True)


def measure(page) -> list[str]:
    found = page.evaluate(MEASURE)
    problems = []
    if found["scrollWidth"] > found["innerWidth"] + 1:
        problems.append(f"page is {found['scrollWidth']}px wide on a {found['innerWidth']}px screen")
    problems += [f"squeezed: {cell}" for cell in found["squeezed"]]
    return problems


def test_main_pages_fit_a_phone(live_server, phone, tree, city_officer, busy_area):
    from members.importing.models import ImportBatch

    batch = ImportBatch.objects.get()
    pages = {
        "tree": reverse("node_detail", args=[tree.county_a.pk]),
        "tree_township": reverse("node_detail", args=[tree.township_a.pk]),
        "roster": reverse("union_detail", args=[busy_area.pk]) + "?status=all",
        "member_form": reverse("member_create", args=[busy_area.pk]),
        "union_form": reverse("union_edit", args=[busy_area.pk]),
        "employers": reverse("employer_list"),
        "dashboard": reverse("reports_dashboard_node", args=[tree.county_a.pk]),
        "worklist": reverse("reports_worklist"),
        "imports": reverse("import_index"),
        "import_errors": reverse("import_detail", args=[batch.pk]),
        "downloads": reverse("reports_files"),
        "audit_log": reverse("audit_list"),
        "staff": reverse("staff_list"),
        "not_found": "/no-such-page/",
    }
    log_in(phone, live_server, "city_officer")
    problems = {}
    for name, url in pages.items():
        phone.goto(f"{live_server.url}{url}")
        phone.wait_for_load_state("networkidle")
        found = measure(phone)
        _screenshot(phone, name)
        if found:
            problems[name] = found
    assert problems == {}


def test_login_and_error_pages_fit_a_phone(live_server, phone, tree, viewer_a):
    for url in ["/accounts/login/", "/no-such-page/"]:
        phone.goto(f"{live_server.url}{url}")
        assert measure(phone) == [], url
        assert phone.locator("html").get_attribute("lang") == "zh-Hans"
    assert "页面不存在" in phone.content()
    log_in(phone, live_server, "viewer_a")
    response = phone.goto(f"{live_server.url}{reverse('import_index')}")  # editors only
    assert response.status == 403 and "没有权限" in phone.content()
    assert measure(phone) == []


def test_menu_opens_from_a_button_with_big_targets(live_server, phone, tree, city_officer):
    log_in(phone, live_server, "city_officer")
    links = phone.locator(".mainnav a")
    assert not links.first.is_visible()  # folded away: the page starts with its content
    toggle = phone.locator(".nav-toggle-button")
    assert toggle.bounding_box()["height"] >= 44
    toggle.click()
    assert links.first.is_visible()
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 200, links.nth(i).inner_text()
    assert measure(phone) == []


def test_tree_branch_opens_on_a_phone(live_server, phone, tree, city_officer, busy_area):
    log_in(phone, live_server, "city_officer")
    phone.goto(f"{live_server.url}{reverse('node_detail', args=[tree.county_a.pk])}")
    branch = phone.locator(f".tree details[data-node='{tree.township_a.pk}']")
    branch.locator("summary").click()
    phone.locator(f".tree [data-node='{busy_area.pk}']").wait_for()
    assert measure(phone) == []
