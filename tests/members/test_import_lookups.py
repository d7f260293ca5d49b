"""A roster's IDs are lookups too: members found elsewhere are recorded and count against the
hourly allowance, and a user whose allowance is used up gets no roster checked."""

from __future__ import annotations

import pytest

from members.importing.models import ImportStatus
from members.importing.reasons import file_reason_text
from organizations.models import AuditEntry
from tests.members.import_support import check, import_media, row, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]


def _lookups():
    return list(AuditEntry.objects.filter(action="member.lookup").order_by("pk"))


def test_a_member_found_elsewhere_by_an_import_is_a_recorded_lookup(tree, editor_a):
    check(tree.union_a, editor_a, xlsx([row("李四", tree.member_b.resident_id)]))
    (entry,) = _lookups()
    assert entry.user == editor_a
    assert entry.data == {"resident_id": tree.member_b.masked_resident_id,
                          "result": "outside_scope", "via": "import"}


def test_members_of_the_importing_union_are_no_lookups(tree, editor_a):
    check(tree.union_a, editor_a, xlsx([row("张三", tree.member_a.resident_id)]))
    assert _lookups() == []


def test_an_import_counts_against_the_allowance_and_is_refused_once_it_is_used(
    tree, editor_a, settings
):
    settings.ID_LOOKUP_LIMIT_PER_HOUR = 1
    first = check(tree.union_a, editor_a, xlsx([row("李四", tree.member_b.resident_id)]))
    assert first.status == ImportStatus.VALIDATED
    second = check(tree.union_a, editor_a, xlsx([row("李四", tree.member_b.resident_id)]))
    assert second.status == ImportStatus.REFUSED
    assert second.problem == {"code": "lookup_limit"}
    assert "一小时" in file_reason_text(second.problem)
    assert len(_lookups()) == 1  # the refused check looked nothing up
