"""An edit POST without the `version` field is refused like a stale one, on every edit page.

Without it the service used to skip the conflict check and overwrite whatever was saved since.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from members.models import Member, MemberStatus, MemberTransfer
from organizations.concurrency import ConflictError
from organizations.models import Employer, Formation, Union
from tests import factories as f

CONFLICT = str(ConflictError())


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _values(obj) -> dict:
    fresh = type(obj).objects.get(pk=obj.pk)
    return {field.attname: getattr(fresh, field.attname) for field in obj._meta.concrete_fields}


@pytest.fixture
def client(client_for, editor_a):
    return client_for(editor_a)


@pytest.mark.parametrize("version", [None, "", "abc", "0"], ids=["absent", "empty", "text", "zero"])
def test_union_edit_without_version(tree, client, version):
    before = _values(tree.union_a)
    data = {"name": "改名工会", "formation": Formation.INDEPENDENT, "status": "active",
            "employers": [tree.employer_a.pk]}
    if version is not None:
        data["version"] = version
    response = client.post(reverse("union_edit", args=[tree.union_a.pk]), data)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert _values(tree.union_a) == before


def test_employer_edit_without_version(tree, client):
    before = _values(tree.employer_a)
    response = client.post(reverse("employer_edit", args=[tree.employer_a.pk]), {
        "name": "改名公司", "credit_code": tree.employer_a.credit_code, "ownership": "private",
        "node": tree.township_a.pk, "employees": 70, "migrant_employees": 0,
    })
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert _values(tree.employer_a) == before


def test_member_edit_without_version(tree, client):
    member = tree.member_a
    before = _values(member)
    response = client.post(reverse("member_edit", args=[member.pk]), {
        "name": "张三改", "resident_id": member.resident_id, "phone": "13911112222",
        "employer": tree.employer_a.pk, "joined_on": "2024-01-15",
    })
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert _values(member) == before


def test_member_leave_without_version(tree, client):
    response = client.post(reverse("member_leave", args=[tree.member_a.pk]), {})
    assert CONFLICT in _messages(response)
    assert Member.objects.get(pk=tree.member_a.pk).status == MemberStatus.ACTIVE


def test_member_transfer_without_version(tree, client):
    other = f.node(tree.township_a, "grassroots", "甲二公司工会委员会")
    response = client.post(reverse("member_transfer", args=[tree.member_a.pk]),
                           {"to_union": other.pk})
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert Member.objects.get(pk=tree.member_a.pk).union_id == tree.union_a.pk
    assert not MemberTransfer.objects.exists()


def test_worklist_reason_without_version(tree, client):
    employer = f.employer(tree.township_a, employees=150, name="无工会大公司")
    response = client.post(reverse("reports_worklist_reason", args=[employer.pk]),
                           {f"e{employer.pk}-no_union_reason": "other"})
    assert CONFLICT in _messages(response)
    assert Employer.objects.get(pk=employer.pk).no_union_reason == ""


def test_the_edit_forms_still_carry_the_version(tree, client):
    """The refusal must not hit honest editors: every edit page renders its version field."""
    f.node(tree.township_a, "grassroots", "甲二公司工会委员会")
    pages = [reverse("union_edit", args=[tree.union_a.pk]),
             reverse("employer_edit", args=[tree.employer_a.pk]),
             reverse("member_edit", args=[tree.member_a.pk]),
             reverse("member_transfer", args=[tree.member_a.pk]) + "?q=甲二"]
    for url in pages:
        assert 'name="version"' in client.get(url).content.decode(), url
    assert Union.objects.get(pk=tree.union_a.pk).version == 1
