"""The Django admin: superusers only, and read-only for every domain model.

Every write goes through a service (tier rules, counters, version check, audit entry); an
admin form writing the row directly would skip all four, so the admin only shows.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from members.models import ImportBatch, Member
from organizations.audit import audit
from organizations.models import (
    AuditEntry,
    Employer,
    IndustryFederation,
    Level,
    Role,
    StaffAccount,
    Union,
)
from reports.files.models import FileKind, GeneratedFile
from reports.models import MonthlySnapshot
from tests import factories as f

MODELS = [model for model in admin.site._registry]
DOMAIN_APPS = {"organizations", "members", "counting", "reports"}
DOMAIN_MODELS = [model for model in MODELS if model._meta.app_label in DOMAIN_APPS]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def one_row(model, tree, superuser):
    """One saved row of `model`, made the way the registry makes it."""
    now = timezone.now()
    makers = {
        Union: lambda: tree.union_a,
        Employer: lambda: tree.employer_a,
        Member: lambda: tree.member_a,
        StaffAccount: lambda: f.staff("someone", tree.county_a, Role.VIEWER).staff,
        IndustryFederation: lambda: IndustryFederation.objects.create(name="纺织服装产业工会联合会"),
        AuditEntry: lambda: audit(by=superuser, action="union.update", obj=tree.union_a,
                                  node=tree.union_a, data={"name": "x"}),
        ImportBatch: lambda: ImportBatch.objects.create(
            node=tree.union_a, created_by=superuser, created_at=now, original_name="名册.xlsx",
            keep_until=now + datetime.timedelta(days=7)),
        GeneratedFile: lambda: GeneratedFile.objects.create(
            kind=FileKind.REPORT, node=tree.city, month=datetime.date(2024, 1, 1)),
        MonthlySnapshot: lambda: MonthlySnapshot.objects.create(
            node=tree.city, month=datetime.date(2024, 1, 1), members=2),
    }
    return makers[model]()


def _values(obj) -> dict:
    obj = type(obj)._base_manager.get(pk=obj.pk)
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_superuser_opens_every_changelist(tree, superuser, client_for, model):
    assert client_for(superuser).get(_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_county_editor_gets_404_on_every_changelist(tree, editor_a, client_for, model):
    assert client_for(editor_a).get(_url(model, "changelist")).status_code == 404


def test_every_domain_model_of_the_registry_is_covered():
    # A model registered later gets a maker above, and so the read-only tests below.
    assert {m._meta.label for m in DOMAIN_MODELS} == {
        "organizations.Union", "organizations.Employer", "organizations.StaffAccount",
        "organizations.AuditEntry", "organizations.IndustryFederation", "members.Member",
        "members.ImportBatch", "reports.GeneratedFile", "reports.MonthlySnapshot",
    }


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_superuser_cannot_add_a_domain_row(tree, superuser, client_for, model):
    client = client_for(superuser)
    assert client.get(_url(model, "add")).status_code == 403
    before = model._base_manager.count()
    assert client.post(_url(model, "add"), {"name": "x"}).status_code == 403
    assert model._base_manager.count() == before


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_the_change_page_shows_a_domain_row_read_only(tree, superuser, client_for, model):
    obj = one_row(model, tree, superuser)
    before = _values(obj)
    client = client_for(superuser)
    page = client.get(_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert b'name="_save"' not in page.content

    data = {k: v for k, v in model_to_dict(obj).items()
            if v is not None and not hasattr(v, "field")}  # file fields: no upload
    data.update({"name": "改过的名称", "_save": "1"})
    assert client.post(_url(model, "change", obj.pk), data).status_code == 403
    assert _values(obj) == before


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_superuser_cannot_delete_a_domain_row(tree, superuser, client_for, model):
    obj = one_row(model, tree, superuser)
    client = client_for(superuser)
    assert client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model._base_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_no_bulk_action_on_a_domain_changelist(tree, superuser, client_for, model):
    obj = one_row(model, tree, superuser)
    client = client_for(superuser)
    page = client.get(_url(model, "changelist"))
    assert page.status_code == 200
    assert b"delete_selected" not in page.content
    assert b'name="action"' not in page.content
    client.post(_url(model, "changelist"),
                {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert model._base_manager.filter(pk=obj.pk).exists()


def test_an_employer_edit_through_the_admin_is_refused(tree, superuser, client_for):
    """The side door seen in use: a valid admin form once rewrote the row directly."""
    employer = tree.employer_a
    data = {k: v for k, v in model_to_dict(employer, exclude=["id"]).items() if v is not None}
    data.update({"union": "", "employees": 999, "migrant_employees": 0, "_save": "1"})
    client_for(superuser).post(_url(Employer, "change", employer.pk), data)
    employer.refresh_from_db()
    assert employer.union_id == tree.union_a.pk and employer.employees == 50


def test_a_union_cannot_be_moved_in_the_admin_tree(tree, superuser, client_for):
    """A grassroots union dragged under the city would skip the tier rule and the counters."""
    client_for(superuser).post(reverse("admin:organizations_union_changelist") + "move/", {
        "node": tree.union_a.pk, "target": tree.city.pk, "relation": "child",
    })
    union = Union.objects.get(pk=tree.union_a.pk)
    assert Union.objects.get_parent(union).pk == tree.township_a.pk
    assert union.level == Level.GRASSROOTS


def test_superuser_still_manages_users(db, superuser, client_for):
    User = get_user_model()
    client = client_for(superuser)
    response = client.post(reverse("admin:auth_user_add"), {
        "username": "new_person", "password1": "a-long-pass-phrase-9", "password2":
        "a-long-pass-phrase-9", "usable_password": "true",
    })
    assert response.status_code == 302, response.content[:2000]
    person = User.objects.get(username="new_person")

    page = client.get(reverse("admin:auth_user_change", args=[person.pk]))
    assert page.context["has_change_permission"] is True
    client.post(reverse("admin:auth_user_delete", args=[person.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=person.pk).exists()
