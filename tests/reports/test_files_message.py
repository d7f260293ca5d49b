"""The message after a file request says what is true: built already (the embedded mode runs
the task inside the request), or still queued for a worker."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.files.models import FileStatus, GeneratedFile
from tests.reports.files_support import media  # noqa: F401

pytestmark = pytest.mark.usefixtures("media")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db(transaction=True)
def test_embedded_mode_says_the_file_is_ready(client_for, tree, editor_a):
    # Real commits, as in production: the request's transaction commits, and the eager task
    # builds the file there and then, before the view chooses its message.
    response = client_for(editor_a).post(reverse("reports_file_request"),
                                         {"kind": "roster", "node": tree.county_a.pk},
                                         follow=True)
    assert GeneratedFile.objects.get().status == FileStatus.DONE
    [message] = _messages(response)
    assert "已生成" in message and "正在生成" not in message


def test_with_a_worker_the_file_is_said_to_be_building(client_for, tree, editor_a):
    # No commit callbacks run: the task waits in the queue, as it would for a worker.
    response = client_for(editor_a).post(reverse("reports_file_request"),
                                         {"kind": "roster", "node": tree.county_a.pk},
                                         follow=True)
    assert GeneratedFile.objects.get().status == FileStatus.QUEUED
    [message] = _messages(response)
    assert "正在生成" in message
