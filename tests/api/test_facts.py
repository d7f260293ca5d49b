"""The 四清 facts through the API: read and written with the employers and unions, refused
with the reason when a code is wrong, within the caller's scope."""

from __future__ import annotations

from django.urls import reverse

from organizations.models import Employer


def test_employer_facts_round_trip(api_for, editor_a, tree):
    api = api_for(editor_a)
    response = api.post(reverse("employer-list"), {
        "name": "丁物流有限公司", "credit_code": "91320200MA1MXGQ04J", "node": tree.township_a.pk,
        "economic_type": "300", "industry_section": "G", "industry_division": "58",
        "size_class": "small", "special_kind": "platform", "contact_phone": "0510-82345678",
        "legal_representative": "吴敏", "address": "梁溪区中山路 1 号"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ownership"] == "foreign"  # derived from economic type 300
    assert (body["industry_section"], body["industry_division"]) == ("G", "58")
    assert body["special_kind"] == "platform" and body["above_designated_size"] is False
    url = reverse("employer-detail", args=[body["id"]])
    changed = api.patch(url, {"above_designated_size": True, "size_class": "medium"},
                        version=body["version"])
    assert changed.status_code == 200, changed.content
    assert api.get(url).json()["above_designated_size"] is True
    assert Employer.objects.get(pk=body["id"]).size_class == "medium"


def test_wrong_employer_codes_answer_400_on_their_field(api_for, editor_a, tree):
    api = api_for(editor_a)
    url = reverse("employer-detail", args=[tree.employer_a.pk])
    for body, field in (({"industry_section": "Z"}, "industry_section"),
                        ({"industry_section": "C", "industry_division": "99"}, "industry_division"),
                        ({"industry_section": "F", "industry_division": "38"}, "industry_division"),
                        ({"economic_type": "160"}, "economic_type"),
                        ({"economic_type": "500"}, "economic_type"),  # a private employer
                        ({"contact_phone": "12"}, "contact_phone")):
        response = api.patch(url, body, version=tree.employer_a.version)
        assert response.status_code == 400, body
        assert field in response.json(), (body, response.json())
    tree.employer_a.refresh_from_db()
    assert tree.employer_a.industry_section == "" and tree.employer_a.version == 1


def test_union_area_code_and_survey_facts_round_trip(api_for, editor_a, tree):
    api = api_for(editor_a)
    url = reverse("union-detail", args=[tree.union_a.pk])
    response = api.patch(url, {"area_code": "320213", "full_time_staff": 1,
                               "has_workers_congress": True, "congress_delegates": 30},
                         version=tree.union_a.version)
    assert response.status_code == 200, response.content
    body = api.get(url).json()
    assert body["area_code"] == "320213" and body["congress_delegates"] == 30
    refused = api.patch(url, {"area_code": "3202"}, version=body["version"])
    assert refused.status_code == 400 and "area_code" in refused.json()
    assert api.get(reverse("union-list"), {"area_code": "320213"}).json()["results"][0]["id"] \
        == tree.union_a.pk


def test_employer_facts_outside_the_scope_are_404(api_for, editor_a, tree):
    url = reverse("employer-detail", args=[tree.employer_b.pk])
    response = api_for(editor_a).patch(url, {"size_class": "large"}, version=1)
    assert response.status_code == 404
