"""Error pages: Chinese, in the site's style, with a way home; never Django's DEBUG page."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse


def test_production_settings_have_debug_off():
    assert settings.DEBUG is False  # the tests run under the production defaults


def test_404_is_chinese_and_styled(client_for, editor_a, tree):
    response = client_for(editor_a).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html
    assert "css/app.css" in html and 'class="topbar"' in html
    assert f'href="{reverse("home")}"' in html
    assert "Traceback" not in html and "URLconf" not in html


def test_out_of_scope_object_gets_the_same_404(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("union_detail", args=[tree.union_b.pk]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_csrf_failure_is_chinese(editor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    response = client.post(reverse("logout"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "安全校验" in html and "css/app.css" in html
    assert f'href="{reverse("home")}"' in html


def test_403_template_is_chinese(rf, editor_a):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = editor_a
    response = permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403 and "没有权限" in html and "css/app.css" in html


def test_500_template_renders_without_a_request():
    html = render_to_string("500.html")
    assert "服务器出错" in html
    assert 'href="/"' in html
    assert "app.css" in html


def test_500_handler_uses_it(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "服务器出错" in response.content.decode()


def test_a_request_refused_before_any_view_is_json_under_the_api(db):
    """A bad Host header (schemathesis sent one) is refused by Django itself: under /api/ the
    answer is JSON like every other API error, elsewhere the usual page."""
    client = Client()
    api = client.get("/api/unions/", HTTP_HOST="bad host!")
    assert api.status_code == 400
    assert api["Content-Type"] == "application/json"
    assert api.json() == {"detail": "请求有误。"}
    page = client.get("/accounts/login/", HTTP_HOST="bad host!")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_an_api_address_no_pattern_matches_is_a_json_404(client_for, editor_a, tree):
    """Found by schemathesis: /api/employers/[<newline>/ matched no pattern and got the HTML
    page; under /api/ every 404 is JSON."""
    response = client_for(editor_a).patch("/api/employers/%5B%0A/", data={},
                                          content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    page = client_for(editor_a).get("/no-such-page/")
    assert page.status_code == 404 and "页面不存在" in page.content.decode()
