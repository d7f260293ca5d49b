"""Reads of the dashboard, the API's bulk reads, the exports and the statistics go to a real
streaming replica (CI starts one: ops/replica-up.sh); writes go to the primary; a user who has
just written reads the primary; a replica that is down leaves the pages working."""

from __future__ import annotations

import logging
import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.replicas import reads_from_replica
from counting.models import SubtreeTotals
from members import services as member_services
from organizations.models import AuditEntry, Union
from reports.files import services as file_services
from reports.files.models import FileKind, FileStatus
from tests.replica_support import WITH_REPLICAS

pytestmark = [pytest.mark.replica, pytest.mark.django_db(transaction=True, databases=WITH_REPLICAS)]

# The table a dashboard's (and /api/stats/') figures are read from: the subtree roll-ups.
FIGURES_TABLE = SubtreeTotals._meta.db_table


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


def _get(client, user, url, replica):
    client.force_login(user)
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response, _tables(on_replica), _tables(on_primary)


def test_the_dashboard_reads_its_figures_from_the_replica(client, tree, city_officer, replica):
    response, on_replica, on_primary = _get(
        client, city_officer, reverse("reports_dashboard"), replica
    )
    assert "甲区总工会" in response.content.decode()
    assert FIGURES_TABLE in on_replica
    assert FIGURES_TABLE not in on_primary


@pytest.mark.parametrize(
    "url, table",
    [
        ("/api/members/", "members_member"),
        ("/api/employers/", "organizations_employer"),
        ("/api/stats/", FIGURES_TABLE),
    ],
)
def test_the_api_bulk_reads_come_from_the_replica(client, tree, city_officer, replica, url, table):
    response, on_replica, on_primary = _get(client, city_officer, url, replica)
    assert response.json()
    assert table in on_replica
    assert table not in on_primary


def test_a_single_object_of_the_api_is_read_from_the_primary(client, tree, city_officer, replica):
    # Read before a PATCH with its ETag: it must be the latest version.
    _, on_replica, on_primary = _get(
        client, city_officer, f"/api/members/{tree.member_a.pk}/", replica
    )
    assert "members_member" in on_primary
    assert "members_member" not in on_replica


def test_the_audit_export_reads_the_replica_and_records_itself_on_the_primary(
    client, tree, city_officer, replica
):
    response, on_replica, on_primary = _get(client, city_officer, reverse("audit_export"), replica)
    assert response["Content-Disposition"].startswith("attachment")
    assert 'FROM "organizations_auditentry"' in on_replica
    assert 'INSERT INTO "organizations_auditentry"' in on_primary
    assert "INSERT" not in on_replica
    assert AuditEntry.objects.filter(action="audit.export").count() == 1


def test_a_roster_export_is_built_from_the_replica(tree, city_officer, replica, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = file_services.file_request(
        user=city_officer, kind=FileKind.ROSTER, node=tree.city, enqueue=lambda pk: None
    )
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        built = file_services.file_build(file_id=record.pk)
    assert built.status == FileStatus.DONE and built.rows == 2
    assert "members_member" in _tables(on_replica)
    assert "members_member" not in _tables(on_primary)
    assert 'UPDATE "reports_generatedfile"' in _tables(on_primary)  # the row's own writes


def test_a_write_inside_a_replica_block_goes_to_the_primary(tree, city_officer, replica):
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
        reads_from_replica() as alias,
    ):
        assert alias == replica
        union = Union.objects.get(pk=tree.union_a.pk)  # read on the replica …
        union.name = "甲公司工会（改）"
        union.save(update_fields=["name"])  # … saved on the primary
    assert 'UPDATE "organizations_union"' in _tables(on_primary)
    assert 'FROM "organizations_union"' in _tables(on_replica)
    assert "UPDATE" not in _tables(on_replica)


def test_a_row_committed_on_the_primary_arrives_on_the_replica(tree, city_officer, replica):
    member = member_services.member_update(
        member=tree.member_a, by=city_officer, version=tree.member_a.version, phone="13900002222"
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        phone = (
            type(member)
            .objects.using(replica)
            .filter(pk=member.pk)
            .values_list("phone", flat=True)
            .first()
        )
        if phone == "13900002222":
            break
        time.sleep(0.05)
    assert phone == "13900002222"
    with connections[replica].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # a standby, not the primary under another name


def _dashboard_tables(client, replica):
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert client.get(reverse("reports_dashboard")).status_code == 200
    return _tables(on_replica), _tables(on_primary)


def _api_patch(client, tree):
    member = tree.member_a
    return client.patch(
        f"/api/members/{member.pk}/",
        {"phone": "13900003333"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{member.version}"',
    )


def _unaudited_post(client, tree):
    # Writes nothing through a service: only the middleware can tell that the user wrote.
    return client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/dashboard/"})


@pytest.mark.parametrize("write", [_api_patch, _unaudited_post])
def test_after_a_write_the_user_reads_from_the_primary_for_the_window(
    client, tree, city_officer, replica, settings, write
):
    client.force_login(city_officer)
    response = write(client, tree)
    assert response.status_code in (200, 302), response.content

    on_replica, on_primary = _dashboard_tables(client, replica)
    assert FIGURES_TABLE in on_primary and FIGURES_TABLE not in on_replica

    settings.REPLICA_READ_YOUR_WRITES_SECONDS = 0  # the window has passed
    on_replica, on_primary = _dashboard_tables(client, replica)
    assert FIGURES_TABLE in on_replica and FIGURES_TABLE not in on_primary


def test_a_failed_write_request_does_not_pin_the_user(client, tree, city_officer, replica):
    client.force_login(city_officer)
    member = tree.member_a
    stale = client.patch(
        f"/api/members/{member.pk}/",
        {"phone": "13900003333"},
        content_type="application/json",
        HTTP_IF_MATCH='"999"',
    )
    assert stale.status_code == 412
    on_replica, _ = _dashboard_tables(client, replica)
    assert FIGURES_TABLE in on_replica


def test_a_service_write_outside_a_request_also_sends_its_user_to_the_primary(
    client, tree, city_officer, replica
):
    client.force_login(city_officer)
    on_replica, _ = _dashboard_tables(client, replica)
    assert FIGURES_TABLE in on_replica  # not written yet

    member_services.member_update(
        member=tree.member_a, by=city_officer, version=tree.member_a.version, phone="13900004444"
    )
    on_replica, on_primary = _dashboard_tables(client, replica)
    assert FIGURES_TABLE in on_primary and FIGURES_TABLE not in on_replica


def test_with_the_replica_down_pages_are_served_from_the_primary(
    client, tree, city_officer, replica, caplog
):
    replica_settings = connections[replica].settings_dict
    port = replica_settings["PORT"]
    connections[replica].close()
    replica_settings["PORT"] = 1  # nothing listens there
    try:
        client.force_login(city_officer)
        with caplog.at_level(logging.WARNING, logger="common.replicas"):
            dashboard = client.get(reverse("reports_dashboard"))
            members = client.get("/api/members/")
    finally:
        connections[replica].close()
        replica_settings["PORT"] = port
    assert dashboard.status_code == 200 and "甲区总工会" in dashboard.content.decode()
    assert members.status_code == 200 and members.json()["results"]
    assert f"replica {replica} unreachable" in caplog.text
