"""The 报表下载 page: scope on request, listing, status and download (404 outside)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from counting.months import previous_month
from organizations.models import AuditEntry
from reports.files import services
from reports.files.models import FileKind, FileStatus, GeneratedFile
from tests import factories as f
from tests.reports.files_support import media  # noqa: F401

LAST_MONTH = previous_month(datetime.date.today())


@pytest.fixture
def report_b(tree, city_officer, media) -> GeneratedFile:
    """A finished report of county B, requested by the city."""
    record = services.file_request(
        user=city_officer, kind=FileKind.REPORT, node=tree.county_b, month=LAST_MONTH
    )
    return services.file_build(file_id=record.pk)


def test_the_page_lists_files_within_the_scope(client_for, tree, editor_a, city_officer, report_b):
    response = client_for(city_officer).get(reverse("reports_files"))
    assert response.status_code == 200
    assert reverse("reports_file_download", args=[report_b.pk]).encode() in response.content

    response = client_for(editor_a).get(reverse("reports_files"))
    assert response.status_code == 200
    assert reverse("reports_file_download", args=[report_b.pk]).encode() not in response.content
    assert tree.county_b.name not in response.content.decode()


def test_an_editor_requests_a_report_of_the_own_county(client_for, tree, editor_a):
    response = client_for(editor_a).post(
        reverse("reports_file_request"),
        {"kind": "report", "node": tree.county_a.pk, "month": LAST_MONTH.isoformat()},
    )
    assert response.status_code == 302
    record = GeneratedFile.objects.get()
    assert (record.node, record.month, record.requested_by) == (tree.county_a, LAST_MONTH, editor_a)
    assert record.status == FileStatus.QUEUED


def test_a_request_returns_at_once_with_json_for_the_progress_bar(
    client_for, tree, editor_a
):
    response = client_for(editor_a).post(
        reverse("reports_file_request"),
        {"kind": "roster", "node": tree.county_a.pk},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 202
    assert response.json()["status"] == "queued" and response.json()["progress"] == 0


def test_an_outsider_cannot_request_a_file_of_another_county(client_for, tree, editor_a):
    response = client_for(editor_a).post(
        reverse("reports_file_request"), {"kind": "roster", "node": tree.county_b.pk}
    )
    assert response.status_code == 404
    assert not GeneratedFile.objects.exists()


def test_status_answers_only_for_files_in_scope(
    client_for, tree, editor_a, city_officer, report_b
):
    own = services.file_request(user=editor_a, kind=FileKind.ROSTER, node=tree.county_a)
    url = reverse("reports_file_status") + f"?ids={own.pk},{report_b.pk}"

    files = client_for(editor_a).get(url).json()["files"]
    assert [(x["id"], x["status"], x["url"]) for x in files] == [(own.pk, "queued", None)]
    files = client_for(city_officer).get(url).json()["files"]
    assert {x["id"] for x in files} == {report_b.pk}  # the editor's roster is the editor's own


def test_the_download_is_scoped(client_for, tree, editor_a, city_officer, report_b):
    url = reverse("reports_file_download", args=[report_b.pk])
    response = client_for(city_officer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"

    assert client_for(editor_a).get(url).status_code == 404


def test_a_file_not_finished_cannot_be_downloaded(client_for, tree, editor_a):
    record = services.file_request(user=editor_a, kind=FileKind.ROSTER, node=tree.county_a)
    assert (
        client_for(editor_a).get(reverse("reports_file_download", args=[record.pk])).status_code
        == 404
    )


def test_a_roster_is_seen_only_by_who_asked(client_for, tree, city_officer, media):
    colleague = f.staff("colleague", tree.city, "admin")
    record = services.file_build(
        file_id=services.file_request(user=city_officer, kind=FileKind.ROSTER, node=tree.city).pk
    )
    url = reverse("reports_file_download", args=[record.pk])

    assert client_for(colleague).get(url).status_code == 404
    assert client_for(city_officer).get(url).status_code == 200
    entry = AuditEntry.objects.get(action="roster_download_full_ids")
    assert entry.user == city_officer and entry.object_id == str(record.pk)


def test_the_pages_need_a_login(client, report_b):
    for url in (
        reverse("reports_files"),
        reverse("reports_file_download", args=[report_b.pk]),
        reverse("reports_file_status"),
    ):
        assert client.get(url).status_code == 302
