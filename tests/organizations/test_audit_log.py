"""操作日志: administrators read the audit entries of their own subtree, and export them."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members import services as member_services
from organizations.audit import audit
from organizations.auditlog import views as auditlog_views
from organizations.auditlog.actions import ACTION_LABELS
from organizations.models import AuditEntry, Role
from tests import factories as f

LIST, EXPORT = "/audit/", "/audit/export/"


@pytest.fixture
def admin_a(tree):
    return f.staff("admin_a", tree.county_a, Role.ADMIN)


@pytest.fixture
def entries(tree, editor_a, city_officer):
    """One entry in county A (by a service), one in county B, one hostile."""
    member_services.member_update(member=tree.member_a, by=editor_a, version=tree.member_a.version,
                                  phone="13900000009")
    audit(by=city_officer, action="member.update", obj=tree.member_b, node=tree.union_b,
          data={"phone": "乙区的秘密"})
    hostile = f.node(tree.township_a, "grassroots", '=HYPERLINK("http://evil","点击")')
    audit(by=editor_a, action="union.update", obj=hostile, node=hostile,
          data={"name": '点击<script>alert(1)</script>'})
    return AuditEntry.objects.all()


def test_non_admins_get_404(tree, editor_a, viewer_a, client_for, entries):
    nobody = get_user_model().objects.create_user("nobody", password="pw-for-tests-1")
    for user in (editor_a, viewer_a, nobody):
        client = client_for(user)
        assert client.get(LIST).status_code == 404
        assert client.get(EXPORT).status_code == 404


def test_anonymous_is_sent_to_login(client, tree):
    assert client.get(LIST)["Location"].startswith(reverse("login"))


def test_the_nav_links_show_for_admins_only(tree, admin_a, editor_a, client_for):
    assert reverse("audit_list") in client_for(admin_a).get(reverse("staff_list")).content.decode()
    assert reverse("audit_list") not in client_for(editor_a).get(reverse("employer_list")).content.decode()


def test_a_county_admin_sees_the_own_subtree_only(tree, admin_a, client_for, entries):
    page = client_for(admin_a).get(LIST).content.decode()
    assert "13900000009" in page
    assert "乙区的秘密" not in page


def test_the_city_admin_sees_everything_with_chinese_action_names(tree, city_officer, client_for, entries):
    page = client_for(city_officer).get(LIST).content.decode()
    assert "乙区的秘密" in page and "13900000009" in page
    assert "修改会员" in page and "修改工会" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_every_action_written_by_the_code_has_a_label():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    written = set()
    for path in root.glob("[a-z]*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "node_modules" in path.parts:
            continue
        written |= set(re.findall(r'action="([a-z_.]+)"', path.read_text(encoding="utf-8")))
        written |= set(re.findall(r'"(staff\.[a-z]+)" if', path.read_text(encoding="utf-8")))
    written -= {"store_true", "append"}  # argparse, not audit actions
    assert written and written <= set(ACTION_LABELS), written - set(ACTION_LABELS)


@pytest.mark.parametrize("query, shown, hidden", [
    ({"action": "union.update"}, "点击", "13900000009"),
    ({"user": "editor_a"}, "13900000009", "乙区的秘密"),
    ({"object_type": "organizations.union"}, "点击", "13900000009"),
    ({"date_from": "2000-01-01", "date_to": "2000-01-02"}, None, "13900000009"),
])
def test_filters(tree, city_officer, client_for, entries, query, shown, hidden):
    page = client_for(city_officer).get(LIST, query).content.decode()
    if shown:
        assert shown in page
    assert hidden not in page


def test_filter_by_object_id(tree, city_officer, client_for, entries):
    query = {"object_type": "members.member", "object_id": str(tree.member_b.pk)}
    page = client_for(city_officer).get(LIST, query).content.decode()
    assert "乙区的秘密" in page and "13900000009" not in page


def test_a_bad_filter_is_shown_not_crashed(tree, city_officer, client_for, entries):
    response = client_for(city_officer).get(LIST, {"date_from": "2024-13-45", "page": "x"})
    assert response.status_code == 200


def _sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True)), workbook.active


def test_the_export_is_scoped_guarded_and_audited(tree, admin_a, client_for, entries):
    response = client_for(admin_a).get(EXPORT)
    assert response["Content-Disposition"].startswith("attachment")
    rows, sheet = _sheet_rows(response)
    text = repr(rows)
    assert "13900000009" in text and "乙区的秘密" not in text
    assert "修改会员" in text
    hostile = [c for row in sheet.iter_rows() for c in row
               if isinstance(c.value, str) and c.value.startswith("=")]
    assert hostile and all(c.data_type == "s" and c.quotePrefix for c in hostile)
    entry = AuditEntry.objects.get(action="audit.export")
    assert entry.username == "admin_a" and entry.data["rows"] == 2


def test_the_export_follows_the_filters(tree, city_officer, client_for, entries):
    rows, _ = _sheet_rows(client_for(city_officer).get(EXPORT, {"action": "union.update"}))
    assert len(rows) == 2  # header and the one entry


def test_the_export_is_bounded(tree, city_officer, client_for, entries, monkeypatch):
    monkeypatch.setattr(auditlog_views, "EXPORT_LIMIT", 2)
    response = client_for(city_officer).get(EXPORT)
    assert response.status_code == 302
    assert "2" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not AuditEntry.objects.filter(action="audit.export").exists()


def test_dates_filter_by_local_day(tree, city_officer, client_for, entries):
    today = timezone.localdate().isoformat()
    page = client_for(city_officer).get(LIST, {"date_from": today, "date_to": today}).content.decode()
    assert "13900000009" in page
