"""Every governance page: 404 outside the scope, 403 for viewers on writes, and what the pages
show (officer roles on the member page, the dashboard tiles, masked IDs only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from governance import records
from governance.models import HomeLevel, OfficerRole, SiteImport, StipendSource
from tests import factories as f
from tests.governance.conftest import elect, slate


@pytest.fixture
def county_b_objects(tree, city_officer, today):
    """One of everything in county B, which editor_a must not see."""
    election = elect(tree.union_b, city_officer, held_on=today - dt.timedelta(days=30))
    chair = election.committee.officers.get(role=OfficerRole.CHAIR)
    records.stipend_record(officer=chair, by=city_officer, amount=Decimal(100),
                           period_start=today, period_end=today, paid_on=today,
                           source=StipendSource.FEDERATION)
    rating = records.home_rating_record(union=tree.union_b, by=city_officer, year=today.year,
                                        level=HomeLevel.MODEL, awarding_body="city",
                                        kind="home", document_number="乙工发1号")
    site = records.site_create(by=city_officer, node=tree.county_b, name="乙区驿站",
                               kind="station", address="乙路")
    batch = SiteImport.objects.create(node=tree.county_b, by=city_officer, file_name="x.xlsx",
                                      rows=[])
    return {"union": tree.union_b, "node": tree.county_b, "officer": chair, "rating": rating,
            "site": site, "batch": batch, "year": today.year}


PAGES = [
    ("get", "governance_node", "node"),
    ("get", "governance_stipends", "node"),
    ("get", "governance_ratings", "node"),
    ("get", "governance_sites", "node"),
    ("get", "governance_site_new", "node"),
    ("get", "governance_site_import_new", "node"),
    ("get", "governance_union", "union"),
    ("get", "governance_election_new", "union"),
    ("post", "governance_election_new", "union"),
    ("get", "governance_officer_add", "union"),
    ("get", "governance_rating_new", "union"),
    ("post", "governance_rating_new", "union"),
    ("post", "governance_officer_end", "officer"),
    ("get", "governance_stipend_new", "officer"),
    ("post", "governance_stipend_new", "officer"),
    ("get", "governance_rating_edit", "rating"),
    ("get", "governance_site_edit", "site"),
    ("post", "governance_site_edit", "site"),
    ("get", "governance_site_import", "batch"),
    ("post", "governance_site_import_commit", "batch"),
]


@pytest.mark.parametrize("method, name, key", PAGES)
def test_outsider_gets_404(client_for, editor_a, county_b_objects, method, name, key):
    url = reverse(name, args=[county_b_objects[key].pk])
    response = getattr(client_for(editor_a), method)(url)
    assert response.status_code == 404


def test_outsider_gets_404_on_the_excel_sheet(client_for, editor_a, county_b_objects):
    url = reverse("governance_stipends_xlsx",
                  args=[county_b_objects["node"].pk, county_b_objects["year"]])
    assert client_for(editor_a).get(url).status_code == 404


def test_outside_scope_nothing_was_changed(client_for, editor_a, county_b_objects, today):
    client = client_for(editor_a)
    officer = county_b_objects["officer"]
    client.post(reverse("governance_officer_end", args=[officer.pk]),
                {"end_on": today.isoformat()})
    officer.refresh_from_db()
    assert officer.end_on is None


@pytest.mark.parametrize("name, key", [
    ("governance_election_new", "union"), ("governance_rating_new", "union"),
    ("governance_site_new", "node"), ("governance_site_import_new", "node"),
])
def test_viewer_gets_403_on_writes(client_for, tree, viewer_a, name, key):
    target = {"union": tree.union_a, "node": tree.township_a}[key]
    assert client_for(viewer_a).get(reverse(name, args=[target.pk])).status_code == 403


def test_viewer_sees_the_pages(client_for, tree, viewer_a, city_officer, today):
    elect(tree.union_a, city_officer, held_on=today)
    client = client_for(viewer_a)
    for name, node in [("governance_node", tree.township_a), ("governance_union", tree.union_a),
                       ("governance_stipends", tree.township_a),
                       ("governance_ratings", tree.township_a),
                       ("governance_sites", tree.township_a)]:
        assert client.get(reverse(name, args=[node.pk])).status_code == 200
    assert client.get(reverse("governance_home")).url.endswith(f"/nodes/{tree.township_a.pk}/")


def test_union_page_shows_masked_ids_only(client_for, tree, editor_a, today):
    ids = [f.resident_id() for _ in range(3)]
    elect(tree.union_a, editor_a, held_on=today, officers=slate(ids=ids))
    html = client_for(editor_a).get(reverse("governance_union", args=[tree.union_a.pk])).content
    text = html.decode()
    for full in ids:
        assert full not in text
        assert "*" * 14 + full[-4:] in text  # sealed: the last four only, as members


def test_officer_names_are_escaped(client_for, tree, editor_a, today):
    officers = slate()
    officers[0]["name"] = "<script>x</script>"
    elect(tree.union_a, editor_a, held_on=today, officers=officers)
    text = client_for(editor_a).get(reverse("governance_union", args=[tree.union_a.pk])).content
    assert b"<script>x</script>" not in text and b"&lt;script&gt;" in text


def test_member_page_shows_the_persons_officer_roles(client_for, tree, editor_a, today):
    ids = [tree.member_a.resident_id]
    elect(tree.union_a, editor_a, held_on=today, officers=slate(ids=ids))
    response = client_for(editor_a).get(reverse("member_detail", args=[tree.member_a.pk]))
    text = response.content.decode()
    assert 'id="officer-roles"' in text and "主席" in text and tree.union_a.name in text


def test_member_page_hides_roles_outside_the_scope(client_for, tree, editor_a, city_officer,
                                                   today):
    # The same person chairs county B's union too: editor_a is not told.
    elect(tree.union_b, city_officer, held_on=today,
          officers=slate(ids=[tree.member_a.resident_id]))
    text = client_for(editor_a).get(reverse("member_detail", args=[tree.member_a.pk])).content
    assert tree.union_b.name.encode() not in text
    assert b'id="officer-roles"' not in text


def test_election_form_records_an_election(client_for, tree, editor_a, today):
    data = {"held_on": today.isoformat(), "term_years": "5", "term_start": "", "note": "",
            "officers-TOTAL_FORMS": "3", "officers-INITIAL_FORMS": "0",
            "officers-0-role": "chair", "officers-0-name": "王主席",
            "officers-0-resident_id": f.resident_id(), "officers-0-full_time": "on",
            "officers-1-role": "vice_chair", "officers-1-name": "赵副主席",
            "officers-1-resident_id": f.resident_id(),
            "officers-2-role": "member", "officers-2-name": "", "officers-2-resident_id": ""}
    response = client_for(editor_a).post(
        reverse("governance_election_new", args=[tree.union_a.pk]), data)
    assert response.status_code == 302
    assert tree.union_a.committees.get().officers.count() == 2


def test_election_form_shows_a_wrong_id_in_chinese(client_for, tree, editor_a, today):
    data = {"held_on": today.isoformat(), "term_years": "5",
            "officers-TOTAL_FORMS": "1", "officers-INITIAL_FORMS": "0",
            "officers-0-role": "chair", "officers-0-name": "王主席",
            "officers-0-resident_id": "110101199001010000"}
    response = client_for(editor_a).post(
        reverse("governance_election_new", args=[tree.union_a.pk]), data)
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    assert not tree.union_a.committees.exists()


def test_dashboard_shows_the_governance_tiles(client_for, tree, city_officer, today):
    elect(tree.union_a, city_officer, held_on=today)
    records.home_rating_record(union=tree.union_a, by=city_officer, year=today.year,
                               level=HomeLevel.MODEL, awarding_body="city", kind="home",
                               document_number="1号")
    text = client_for(city_officer).get(reverse("reports_dashboard")).content.decode()
    assert 'id="tile-committees"' in text and "50.0%" in text
    assert 'id="tile-home-ratings"' in text and "模范 1" in text


def test_demo_data_set_has_governance_rows(db, settings, tmp_path):
    """The seeded demo (a small copy) carries committees, stipends, ratings and sites."""
    from django.core.management import call_command

    from governance.models import ChairStipend, Committee, HomeRating, ServiceSite

    settings.VAR_DIR = tmp_path
    call_command("seed", "demo", "--scale", "0.05")
    assert Committee.objects.exists() and HomeRating.objects.exists()
    assert ChairStipend.objects.exists() and ServiceSite.objects.exists()
