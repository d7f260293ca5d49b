"""The 四清 facts through the pages: the employer and union forms save them, the detail pages
show them, and a wrong code comes back on its field."""

from __future__ import annotations

from django.urls import reverse

from organizations.models import Employer, Union
from tests.organizations.test_views_employers import employer_data
from tests.organizations.test_views_unions import union_data

FACTS = {
    "address": "新吴区长江路 21 号", "legal_representative": "周建国", "contact_name": "钱丽",
    "contact_phone": "13912345678", "industry_section": "C", "industry_division": "39",
    "economic_type": "170", "size_class": "medium", "above_designated_size": "on",
    "special_kind": "park",
}


def test_the_employer_form_saves_and_the_page_shows_the_facts(client_for, editor_a, tree):
    c = client_for(editor_a)
    response = c.post(reverse("employer_create"), employer_data(tree, **FACTS))
    assert response.status_code == 302
    employer = Employer.objects.get(name="甲新材料有限公司")
    assert (employer.industry_section, employer.industry_division) == ("C", "39")
    assert (employer.economic_type, employer.size_class) == ("170", "medium")
    assert employer.above_designated_size and employer.special_kind == "park"
    assert employer.contact_phone == "13912345678"
    page = c.get(reverse("employer_detail", args=[employer.pk])).content.decode()
    for text in ("新吴区长江路 21 号", "周建国", "钱丽", "13912345678", "C39", "170"):
        assert text in page
    edit = c.get(reverse("employer_edit", args=[employer.pk])).context["form"]
    assert edit["industry_division"].value() == "39"


def test_the_employer_form_puts_each_wrong_code_on_its_field(client_for, editor_a, tree):
    c = client_for(editor_a)
    data = employer_data(tree, **{**FACTS, "industry_division": "52", "contact_phone": "123"})
    form = c.post(reverse("employer_create"), data).context["form"]
    assert form.has_error("contact_phone")
    form = c.post(reverse("employer_create"),
                  employer_data(tree, **{**FACTS, "industry_division": "52"})).context["form"]
    assert form.has_error("industry_division")  # 52 is retail, not manufacturing
    form = c.post(reverse("employer_create"),
                  employer_data(tree, **{**FACTS, "economic_type": "151"})).context["form"]
    assert form.has_error("economic_type")  # a wholly state-owned company is not private
    assert not Employer.objects.filter(name="甲新材料有限公司").exists()


def test_the_union_form_saves_the_survey_facts_and_area_code(client_for, editor_a, tree):
    c = client_for(editor_a)
    url = reverse("union_edit", args=[tree.union_a.pk])
    response = c.post(url, union_data(
        employers=[tree.employer_a.pk], version=tree.union_a.version, area_code="320214",
        full_time_staff="2", part_time_staff="7", congress_delegates="45",
        worker_directors="1", worker_supervisors=""))
    assert response.status_code == 302
    tree.union_a.refresh_from_db()
    union = tree.union_a
    assert union.area_code == "320214"
    assert (union.full_time_staff, union.part_time_staff, union.congress_delegates) == (2, 7, 45)
    assert (union.worker_directors, union.worker_supervisors) == (1, 0)
    page = c.get(reverse("union_detail", args=[union.pk])).content.decode()
    assert "320214" in page and "45" in page


def test_the_union_form_refuses_a_short_area_code(client_for, editor_a, tree):
    response = client_for(editor_a).post(
        reverse("union_edit", args=[tree.union_a.pk]),
        union_data(employers=[tree.employer_a.pk], version=tree.union_a.version,
                   area_code="32021"))
    assert response.status_code == 200
    assert response.context["form"].has_error("area_code")


def test_a_federation_is_created_with_its_area_code(client_for, city_officer, tree):
    response = client_for(city_officer).post(
        reverse("federation_create", args=[tree.county_a.pk]),
        {"name": "新安街道总工会", "level": "township", "area_code": "320214"})
    assert response.status_code == 302
    created = Union.objects.get(name="新安街道总工会")
    assert created.area_code == "320214" and created.path.startswith(tree.county_a.path)
