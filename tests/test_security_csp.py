"""Content-Security-Policy: the browser refuses inline and third-party script on every page."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_login_page_carries_the_policy(client, db):
    p = policy(client.get(reverse("login")))
    assert p["default-src"] == "default-src 'self'"
    assert p["script-src"] == "script-src 'self'"
    assert "'unsafe-inline'" not in p.get("style-src", "")
    assert p["frame-ancestors"] == "frame-ancestors 'none'"


def test_signed_in_pages_carry_the_policy(client_for, city_officer, tree):
    c = client_for(city_officer)
    for url in [reverse("reports_dashboard"), reverse("node_detail", args=[tree.city.pk]),
                reverse("union-list"), reverse("api-docs")]:
        p = policy(c.get(url))
        assert p.get("script-src") == "script-src 'self'", url


def test_templates_have_no_inline_script_or_handler():
    """The policy would silently break them: script lives in static files only."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{path.name}: style attribute" for _ in re.findall(r"\sstyle\s*=", text)]
        offenders += [f"{path.name}: <style>" for _ in re.findall(r"<style\b", text)]
    assert offenders == []
