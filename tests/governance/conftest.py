"""Helpers of the governance tests: a committee elected through the service."""

from __future__ import annotations

import datetime

import pytest

from governance import services
from governance.models import OfficerRole
from tests import factories as f


def slate(*roles: str, ids: list[str] | None = None) -> list[dict]:
    """Officer rows for an election: a chair first unless roles are given."""
    roles = roles or (OfficerRole.CHAIR, OfficerRole.VICE_CHAIR, OfficerRole.MEMBER)
    return [
        {"role": role, "name": f"干部{i}", "resident_id": (ids or [])[i] if ids and i < len(ids)
         else f.resident_id(), "phone": f"1390000{i:04d}", "full_time": i == 0}
        for i, role in enumerate(roles)
    ]


def elect(union, by, *, held_on: datetime.date, years: int = 5, officers=None, **kw):
    return services.election_record(union=union, by=by, held_on=held_on, term_years=years,
                                    officers=officers or slate(), **kw)


@pytest.fixture
def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
