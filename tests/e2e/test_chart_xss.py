"""A hostile union name typed by an editor must not run script on the city officer's dashboard."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from organizations.models import Level
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOSTILE = '"><img src=x onerror=alert(1)>'


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click(".login-card button[type=submit]")
    page.wait_for_url(re.compile(r"/nodes/\d+/$"))


def test_hostile_name_in_bar_chart_tooltip_stays_text(live_server, page, tree, city_officer):
    # The name an editor gave a township federation under their county.
    hostile = f.node(tree.county_a, Level.TOWNSHIP, HOSTILE)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    log_in(page, live_server, "city_officer")
    response = page.goto(f"{live_server.url}{reverse('reports_dashboard_node', args=[tree.county_a.pk])}")

    chart = page.locator("#chart-children")
    chart.locator("canvas").first.wait_for()
    box = chart.bounding_box()
    # Two categories (the real township and the hostile one); hover each column in turn.
    plot_left, plot_right = box["x"] + 60, box["x"] + box["width"] - 16
    names = []
    for i in range(2):
        x = plot_left + (plot_right - plot_left) * (i + 0.5) / 2
        page.mouse.move(x, box["y"] + box["height"] / 2)
        tip = chart.locator("div").filter(has_text=re.compile(r"\d")).last
        tip.wait_for(state="visible")
        page.wait_for_timeout(300)
        names.append(page.locator("#chart-children").inner_text())
    assert any(HOSTILE in text for text in names), names  # shown as text, exactly as typed
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    assert violations == []
    assert hostile.name == HOSTILE
    # The browser's second line of defence: no inline script runs even if a name slips through.
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
