"""建会: preparing (employers reserved) → approved or sent back → founded; counted from founding."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from counting.figures import Figures
from organizations import services
from organizations.lifecycle import founding
from organizations.models import AuditEntry, Formation, Level, Role, Union, UnionStatus
from reports.selectors import rollup_by_child
from tests import factories as f
from tests.reports.conftest import assert_counts_agree_with_recount

TODAY = timezone.localdate()


def _totals(node: Union) -> Figures:
    return sum(rollup_by_child(Union.objects.get(pk=node.pk)).values(), Figures())


def new_employer(by, at: Union, name: str = "", employees: int = 50):
    """Through the service, so that the counters know it."""
    return services.employer_create(by=by, name=name or f"企业{f.credit_code()[-6:]}",
                                    credit_code=f.credit_code(), ownership="private", node=at,
                                    employees=employees)


@pytest.fixture
def preparing(counted, editor_a):
    """A union in preparation under township A, reserving one new employer."""
    employer = new_employer(editor_a, counted.township_a, "筹备企业", employees=150)
    return services.union_create(
        parent=counted.township_a, level=Level.GRASSROOTS, by=editor_a, employers=[employer],
        name="筹备中工会", formation=Formation.INDEPENDENT,
    )


def test_a_new_union_starts_preparing_reserving_its_employers(preparing, editor_a, counted):
    assert preparing.status == UnionStatus.PREPARING and preparing.founded_on is None
    employer = preparing.employers.get()
    other = new_employer(editor_a, counted.township_a)
    with pytest.raises(ValidationError) as excinfo:  # reserved: no other union may cover it
        services.union_create(parent=counted.township_a, level=Level.GRASSROOTS, by=editor_a,
                              employers=[employer, other], name="抢先工会",
                              formation=Formation.JOINT)
    assert "employers" in excinfo.value.message_dict
    assert_counts_agree_with_recount()
    a = _totals(counted.county_a)
    assert (a.unions, a.employers, a.employers_covered) == (1, 3, 1)  # not counted as built


def test_approve_then_found_counts_the_union_from_its_founding(preparing, editor_a, counted):
    approved = founding.union_approve(union=preparing, by=editor_a, number="甲工批〔2025〕3号",
                                      on=TODAY, version=preparing.version)
    assert (approved.status, approved.approval_number) == (UnionStatus.APPROVED, "甲工批〔2025〕3号")
    assert_counts_agree_with_recount()
    assert _totals(counted.county_a).unions == 1
    founded = founding.union_found(union=approved, by=editor_a, on=TODAY,
                                   certificate_number="工法证字第001号", version=approved.version)
    assert (founded.status, founded.founded_on) == (UnionStatus.ACTIVE, TODAY)
    assert_counts_agree_with_recount()
    a = _totals(counted.county_a)
    assert (a.unions, a.unions_new, a.employers_covered, a.employers_100_covered) == (2, 1, 2, 1)
    actions = list(AuditEntry.objects.filter(object_id=str(preparing.pk))
                   .order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["union.create", "union.approve", "union.found"]


def test_send_back_with_a_reason_then_submit_again(preparing, editor_a):
    returned = founding.union_return(union=preparing, by=editor_a, reason="缺少职工大会决议")
    assert (returned.status, returned.returned_reason) == (UnionStatus.RETURNED, "缺少职工大会决议")
    with pytest.raises(ValidationError):  # nothing to approve until it is submitted again
        founding.union_approve(union=returned, by=editor_a, number="1", on=TODAY)
    again = founding.union_resubmit(union=returned, by=editor_a)
    assert again.status == UnionStatus.PREPARING


def test_a_reason_a_number_and_a_date_are_required(preparing, editor_a):
    with pytest.raises(ValidationError):
        founding.union_return(union=preparing, by=editor_a, reason="  ")
    with pytest.raises(ValidationError):
        founding.union_approve(union=preparing, by=editor_a, number="", on=TODAY)
    with pytest.raises(ValidationError):
        founding.union_approve(union=preparing, by=editor_a, number="1",
                               on=TODAY + datetime.timedelta(days=1))
    approved = founding.union_approve(union=preparing, by=editor_a, number="1", on=TODAY)
    with pytest.raises(ValidationError):  # founded before it was approved
        founding.union_found(union=approved, by=editor_a, certificate_number="证1",
                             on=TODAY - datetime.timedelta(days=1))


def test_only_the_federation_above_approves(preparing, counted):
    own = f.staff("own_account", preparing, Role.EDITOR)  # the union's own account
    with pytest.raises(PermissionDenied):
        founding.union_approve(union=preparing, by=own, number="1", on=TODAY)
    editor_b = f.staff("editor_b", counted.county_b, Role.EDITOR)
    with pytest.raises(Http404):
        founding.union_approve(union=preparing, by=editor_b, number="1", on=TODAY)
    assert Union.objects.get(pk=preparing.pk).status == UnionStatus.PREPARING


def test_the_status_cannot_be_edited_past_the_steps(preparing, editor_a):
    """Side door: an edit that sets the status to founded skips the approval."""
    services.union_update(union=preparing, by=editor_a, version=None, status=UnionStatus.ACTIVE,
                          founded_on=None)
    assert Union.objects.get(pk=preparing.pk).status == UnionStatus.PREPARING


def test_a_founding_date_in_the_future_is_refused(counted, editor_a):
    employer = f.employer(counted.township_a)
    with pytest.raises(ValidationError) as excinfo:
        services.union_create(parent=counted.township_a, level=Level.GRASSROOTS, by=editor_a,
                              employers=[employer], name="未来工会", status=UnionStatus.ACTIVE,
                              formation=Formation.INDEPENDENT,
                              founded_on=TODAY + datetime.timedelta(days=3))
    assert "founded_on" in excinfo.value.message_dict


# --- pages ---------------------------------------------------------------------------------

def test_the_approvals_page_lists_the_waiting_preparations_in_scope(client_for, preparing, editor_a,
                                                                     counted, city_officer):
    page = client_for(editor_a).get(reverse("union_approvals", args=[counted.county_a.pk]))
    assert page.status_code == 200
    assert [u.pk for u in page.context["waiting"]] == [preparing.pk]
    city_page = client_for(city_officer).get(reverse("union_approvals", args=[counted.city.pk]))
    assert [u.pk for u in city_page.context["waiting"]] == [preparing.pk]


def test_an_outsider_gets_404_on_every_step(client_for, preparing, counted):
    outsider = f.staff("editor_b", counted.county_b, Role.EDITOR)
    client = client_for(outsider)
    assert client.get(reverse("union_approvals", args=[counted.county_a.pk])).status_code == 404
    assert client.get(reverse("union_life", args=[preparing.pk])).status_code == 404
    for name, data in (("union_approve", {"number": "1", "on": TODAY.isoformat()}),
                       ("union_return", {"reason": "x"}), ("union_resubmit", {}),
                       ("union_found", {"on": TODAY.isoformat(), "certificate_number": "1"})):
        assert client.post(reverse(name, args=[preparing.pk]), data).status_code == 404, name
    assert Union.objects.get(pk=preparing.pk).status == UnionStatus.PREPARING


def test_approve_and_found_through_the_pages(client_for, preparing, editor_a):
    client = client_for(editor_a)
    life = client.get(reverse("union_life", args=[preparing.pk]))
    assert life.status_code == 200 and life.context["may_decide"]
    response = client.post(reverse("union_approve", args=[preparing.pk]),
                           {"number": "甲工批3号", "on": TODAY.isoformat(), "version": preparing.version})
    assert response.status_code == 302
    union = Union.objects.get(pk=preparing.pk)
    response = client.post(reverse("union_found", args=[union.pk]),
                           {"on": TODAY.isoformat(), "certificate_number": "证001",
                            "version": union.version})
    assert response.status_code == 302
    assert Union.objects.get(pk=preparing.pk).status == UnionStatus.ACTIVE


def test_a_refused_step_shows_the_reason_on_the_page(client_for, preparing, editor_a):
    response = client_for(editor_a).post(reverse("union_approve", args=[preparing.pk]),
                                         {"number": "1", "on": (TODAY + datetime.timedelta(days=9)).isoformat()})
    assert response.status_code == 400
    assert response.context["approve_form"].errors


def test_the_union_page_links_to_its_steps(client_for, preparing, editor_a):
    page = client_for(editor_a).get(reverse("union_detail", args=[preparing.pk]))
    assert reverse("union_life", args=[preparing.pk]).encode() in page.content
