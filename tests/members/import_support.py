"""Builders of roster files and a driver of the import services, for the import tests."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from members.importing import jobs, services
from members.importing.models import ImportBatch

HEADERS = ["姓名", "身份证号", "手机号", "入会日期", "是否农民工", "新就业形态", "八大群体"]


@pytest.fixture
def import_media(settings, tmp_path):
    """Uploaded rosters go to a temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def xlsx(rows: list[list], headers: list | None = None, *, title: str = "名册") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    if headers is not False:
        sheet.append(headers or HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(name: str, resident_id: str, *, joined: object = datetime.date(2020, 5, 1),
        phone: object = "13800002222", migrant: object = "否", new_form: object = "",
        eight: object = "") -> list:
    return [name, resident_id, phone, joined, migrant, new_form, eight]


def upload(data: bytes, name: str = "roster.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def check(node, user, data: bytes, name: str = "roster.xlsx") -> ImportBatch:
    """Upload and validate, as the Celery task would."""
    batch = services.import_batch_create(node=node, by=user, upload=upload(data, name))
    return jobs.import_validate(batch_id=batch.pk)


def commit(batch: ImportBatch, user, *, all_or_nothing: bool = False) -> ImportBatch:
    batch = services.import_commit_request(batch=batch, by=user, all_or_nothing=all_or_nothing)
    if batch.status == "committing":
        batch = jobs.import_commit(batch_id=batch.pk)
    return batch


def reasons(batch: ImportBatch) -> list[tuple[int, str]]:
    return [(issue[0], issue[3]) for issue in batch.errors]
