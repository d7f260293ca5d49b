"""After seeding, an import, a form and the audited acts, no table holds a plain resident ID.

Every text, JSON and binary column of every table the database has (found by introspection,
so the audit log, the import records and any history table a later app adds are included) is
read and searched for every ID the test put in: the seeded ones, the imported ones, the typed
ones. Only the ciphertext, the keyed hash and the last four characters may be stored.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from members import services
from members.models import Member
from organizations.models import AuditEntry, Level, Role, Union
from seeding.generate import DataSet
from seeding.load import load, next_free_id
from seeding.rows import resident_id as seeded_id
from seeding.spec import DEMO
from tests import factories as f
from tests.governance.conftest import elect, slate
from tests.members.import_support import check, commit, import_media, row, xlsx
from tests.members.joining.support import apply

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]

ID_SHAPED = re.compile(r"[0-9]{17}[0-9Xx]")
SEARCHED = {"CharField", "TextField", "JSONField", "BinaryField", "SlugField", "EmailField",
            "URLField", "FilePathField", "GenericIPAddressField"}


def _text_columns() -> list[tuple[str, str]]:
    """(table, column) for every column that can hold text, in every table there is."""
    introspection = connection.introspection
    columns = []
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            for column in introspection.get_table_description(cursor, table):
                try:
                    kind = introspection.get_field_type(column.type_code, column)
                except KeyError:
                    kind = "TextField"  # a type Django does not map: search it anyway
                if kind in SEARCHED:
                    columns.append((table, column.name))
    return columns


def _plain_ids_stored(known: set[str]) -> list[tuple[str, str, str]]:
    qn = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(f"SELECT {qn(column)} FROM {qn(table)} WHERE {qn(column)} IS NOT NULL")
            for (value,) in cursor.fetchall():
                if isinstance(value, (bytes, memoryview)):
                    value = bytes(value).decode("latin-1")
                for candidate in ID_SHAPED.findall(str(value)):
                    if candidate.upper() in known:
                        found.append((table, column, candidate))
    return found


@pytest.mark.django_db
def test_no_table_holds_a_plain_resident_id():
    spec = DEMO.scaled(0.02)
    load(DataSet(spec, seed=11, first_id=next_free_id()))
    known = {seeded_id(n)[0] for n in range(spec.members)}
    assert Member.objects.count() == spec.members > 500

    root = Union.objects.get_first_root_node()
    admin = f.staff("seeded_admin", root, Role.ADMIN)
    union, other = Union.objects.filter(level=Level.GRASSROOTS).exclude(members=None)[:2]
    mine, elsewhere = f.member(union), f.member(other)
    # An import into a seeded union: new people, a change to one of its members, a person
    # who is a member elsewhere (an error), a wrong check digit (an error). Errors are stored.
    new = [f.resident_id() for _ in range(3)]
    wrong_check = new[0][:17] + ("0" if new[0][17] != "0" else "1")
    batch = check(union, admin, xlsx([
        row("新一", new[0]), row("新二", new[1]), row("新三", new[2]),
        row(mine.name, mine.resident_id, phone="13911112222"),
        row("别处", elsewhere.resident_id), row("错号", wrong_check),
    ]))
    batch = commit(batch, admin)
    assert (batch.committed_new, batch.committed_updated) == (3, 1), batch.errors
    known |= {*new, wrong_check, mine.resident_id, elsewhere.resident_id}

    # A member typed in the form, a typed ID found elsewhere (recorded), the full-ID act.
    typed = f.resident_id()
    member = services.member_create(union=union, by=admin, name="王五", resident_id=typed,
                                    joined_on=datetime.date(2024, 2, 1))
    with pytest.raises(ValidationError):
        services.member_create(union=other, by=admin, name="王五", resident_id=typed,
                               joined_on=datetime.date(2024, 2, 1))
    assert services.member_full_id_show(member=member, by=admin) == typed
    known.add(typed)

    # Officers elected (one of them a member) and an online application: sealed the same way.
    officer_id = f.resident_id()
    elect(union, admin, held_on=datetime.date(2024, 3, 1),
          officers=slate(ids=[officer_id, mine.resident_id]))
    applicant = f.resident_id()
    apply(union, resident_id=applicant)
    apply(union, resident_id=applicant)  # merged into the pending one, by keyed hash
    known |= {officer_id, applicant}

    assert AuditEntry.objects.filter(action="member.lookup").exists()
    assert _plain_ids_stored(known) == []


def test_the_search_finds_a_plain_id_wherever_one_is_stored(db):
    """The search itself: an ID in any text column is found (here a union's name)."""
    plain = f.resident_id()
    f.node(None, Level.CITY, f"市{plain.lower()}")
    # The union and its history row (django-simple-history on Union): both found.
    assert sorted((t, c) for t, c, _v in _plain_ids_stored({plain})) == [
        ("organizations_historicalunion", "name"), ("organizations_union", "name")]
