"""An employer closes (注销/吊销) or moves away: from that date it counts nowhere; its union is told."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from counting.months import previous_month
from organizations.lifecycle.ending import employer_close
from organizations.models import Employer, EmployerStatus, Role
from reports.models import MonthlySnapshot
from reports.selectors import worklist
from reports.services import snapshots_write
from tests import factories as f
from tests.organizations.test_founding import _totals, new_employer
from tests.reports.conftest import assert_counts_agree_with_recount

TODAY = timezone.localdate()


def test_a_closed_employer_leaves_the_rate_and_the_worklist(counted, editor_a, city_officer):
    big = new_employer(editor_a, counted.township_a, "大厂", employees=300)
    assert big in worklist(user=city_officer)
    before = _totals(counted.county_a)
    employer_close(employer=big, by=editor_a, status=EmployerStatus.REVOKED, on=TODAY, reason="吊销执照")
    assert_counts_agree_with_recount()
    after = _totals(counted.county_a)
    assert (before.employers - after.employers, before.employers_100 - after.employers_100) == (1, 1)
    assert big not in worklist(user=city_officer)
    with pytest.raises(ValidationError):  # closed once
        employer_close(employer=Employer.objects.get(pk=big.pk), by=editor_a,
                       status=EmployerStatus.CLOSED, on=TODAY)


def test_a_covered_employer_closing_is_shown_on_its_unions_page(client_for, counted, editor_a):
    employer_close(employer=counted.employer_a, by=editor_a, status=EmployerStatus.CLOSED, on=TODAY)
    assert_counts_agree_with_recount()
    assert _totals(counted.county_a).employers_covered == 0
    page = client_for(editor_a).get(reverse("union_detail", args=[counted.union_a.pk]))
    assert page.status_code == 200
    assert "closed-employers" in page.content.decode() and counted.employer_a.name in page.content.decode()


def test_past_months_still_count_it_before_its_closing_date(counted, editor_a):
    last = previous_month(TODAY)
    employer_close(employer=counted.employer_a, by=editor_a, status=EmployerStatus.MOVED_OUT,
                   on=TODAY.replace(day=1))
    snapshots_write(first=last, last=TODAY)
    then = MonthlySnapshot.objects.get(node=counted.county_a, month=last)
    now = MonthlySnapshot.objects.get(node=counted.county_a, month=TODAY.replace(day=1))
    assert (then.employers, then.employers_covered) == (1, 1)
    assert (now.employers, now.employers_covered) == (0, 0)


def test_a_closing_date_in_the_future_is_refused(counted, editor_a):
    with pytest.raises(ValidationError):
        employer_close(employer=counted.employer_a, by=editor_a, status=EmployerStatus.CLOSED,
                       on=TODAY + datetime.timedelta(days=1))


def test_a_closed_employer_cannot_be_covered_again(counted, editor_a):
    from organizations import services
    from organizations.models import Formation, Level

    employer = new_employer(editor_a, counted.township_a)
    employer_close(employer=employer, by=editor_a, status=EmployerStatus.CLOSED, on=TODAY)
    with pytest.raises(ValidationError):
        services.union_create(parent=counted.township_a, level=Level.GRASSROOTS, by=editor_a,
                              employers=[employer], name="新工会", formation=Formation.INDEPENDENT)


def test_the_pages_work_in_scope_and_are_404_outside(client_for, counted, editor_a):
    client = client_for(editor_a)
    assert client.get(reverse("employer_detail", args=[counted.employer_a.pk])).status_code == 200
    response = client.post(reverse("employer_close", args=[counted.employer_a.pk]),
                           {"status": "closed", "on": TODAY.isoformat(), "reason": "注销",
                            "version": counted.employer_a.version})
    assert response.status_code == 302
    assert Employer.objects.get(pk=counted.employer_a.pk).status == EmployerStatus.CLOSED
    outsider = client_for(f.staff("editor_b", counted.county_b, Role.EDITOR))
    for name in ("employer_detail", "employer_close"):
        assert outsider.get(reverse(name, args=[counted.employer_a.pk])).status_code == 404
    assert outsider.post(reverse("employer_close", args=[counted.employer_a.pk]),
                         {"status": "closed", "on": TODAY.isoformat()}).status_code == 404
