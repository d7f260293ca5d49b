"""Small things a new user notices: the icon, the admin's name, the page language, the roster's
badges and the dates of former members."""

from __future__ import annotations

import datetime

from django.urls import reverse

from members.models import MemberStatus
from tests import factories as f


def test_favicon_is_linked_and_served(client_for, editor_a, tree):
    html = client_for(editor_a).get(reverse("node_detail", args=[tree.county_a.pk])).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    response = client_for(editor_a).get("/favicon.ico")
    assert response.status_code == 301 and response.url == "/static/favicon.svg"


def test_pages_say_they_are_simplified_chinese(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-Hans">' in html


def test_admin_carries_the_site_name(client_for, superuser):
    html = client_for(superuser).get(reverse("admin:index")).content.decode()
    assert "工会组织和会员实名制管理系统" in html
    assert "<title>" in html and "unionreg" not in html.split("<title>")[1].split("</title>")[0]


def test_roster_tells_new_form_from_eight_groups(client_for, editor_a, tree):
    f.member(tree.union_a, name="王快递", new_form_category="courier", eight_group="courier")
    html = client_for(editor_a).get(reverse("union_detail", args=[tree.union_a.pk])).content.decode()
    assert 'class="tag tag-new-form"' in html and 'class="tag tag-eight"' in html


def test_roster_shows_when_former_members_left(client_for, editor_a, tree):
    f.member(tree.union_a, name="赵离开", status=MemberStatus.LEFT,
             left_on=datetime.date(2024, 6, 30))
    f.member(tree.union_a, name="钱转出", status=MemberStatus.TRANSFERRED,
             left_on=datetime.date(2024, 7, 1))
    html = client_for(editor_a).get(
        reverse("union_detail", args=[tree.union_a.pk]), {"status": "all"}).content.decode()
    assert "退会于 2024-06-30" in html
    assert "转出于 2024-07-01" in html
