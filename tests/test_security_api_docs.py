"""API schema and docs: for signed-in staff only, and the docs page needs no CDN."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse


@pytest.mark.parametrize("name", ["api-schema", "api-docs"])
def test_anonymous_is_refused(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code in (302, 401, 403)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
    assert b"openapi" not in response.content.lower()
    assert b"swagger" not in response.content.lower()


def test_docs_load_nothing_from_another_origin(client_for, editor_a):
    page = client_for(editor_a).get(reverse("api-docs"))
    assert page.status_code == 200
    html = page.content.decode()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls and all(u.startswith("/") for u in urls), urls
    assert "cdn" not in html.lower()
    # The Swagger UI files it names are static files of this site (or its own script view).
    for url in urls:
        if url.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL):
            assert finders.find(url.split("/static/", 1)[1]), url


def test_docs_carry_no_inline_script(client_for, editor_a):
    html = client_for(editor_a).get(reverse("api-docs")).content.decode()
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))


def test_schema_for_staff(client_for, editor_a):
    assert client_for(editor_a).get(reverse("api-schema")).status_code == 200
