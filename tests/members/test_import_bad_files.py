"""Bad files: each is refused with a clear message, and nothing is written."""

from __future__ import annotations

import base64
import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from counting.models import NodeCounts
from members.importing.models import ImportBatch, ImportStatus
from members.importing.reasons import RefusedFile, file_reason_text
from members.models import Member
from tests import factories as f
from tests.members.import_support import check, import_media, row, upload, xlsx

pytestmark = pytest.mark.usefixtures("import_media")
__all__ = ["import_media"]

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole2(*stream_names: str) -> bytes:
    """A compound file header and directory names: what .xls and encrypted .xlsx files are."""
    header = OLE2_MAGIC + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * 480
    names = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") for name in stream_names)
    return header + names + b"\x00" * 1024


def _state() -> tuple:
    counts = list(NodeCounts.objects.order_by("pk").values_list())
    return Member.objects.count(), list(Member.objects.values_list("pk", "version")), counts


def _refused_on_upload(tree, user, data: bytes, name: str) -> RefusedFile:
    before = _state()
    with pytest.raises(RefusedFile) as refused:
        check(tree.union_a, user, data, name)
    assert _state() == before and not ImportBatch.objects.exists()
    return refused.value


def _refused_on_check(tree, user, data: bytes) -> ImportBatch:
    before = _state()
    batch = check(tree.union_a, user, data)
    assert batch.status == ImportStatus.REFUSED
    assert _state() == before
    return batch


@pytest.mark.parametrize("name, data, code", [
    ("roster.xlsx", _ole2("Root Entry", "Workbook", "SummaryInformation"), "xls"),
    ("roster.xlsx", _ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), "encrypted"),
    ("roster.xlsx", "姓名,身份证号\n张三,110101199001011234\n".encode("gb18030"), "text"),
    ("roster.csv", b"name,id\nZhang,1\n", "text"),
    ("photo.xlsx", PNG_1PX, "image"),
    ("roster.xlsx", b"\x00\x01\x02garbage\xff" * 20, "not_xlsx"),
    ("roster.xlsx", b"", "empty"),
])
def test_it_refuses_what_is_not_an_xlsx(tree, editor_a, name, data, code):
    refused = _refused_on_upload(tree, editor_a, data, name)
    assert refused.code == code
    assert str(refused) == file_reason_text({"code": code})


def test_it_refuses_a_corrupt_zip(tree, editor_a):
    whole = xlsx([row("甲", f.resident_id())])
    assert _refused_on_upload(tree, editor_a, whole[: len(whole) // 2], "a.xlsx").code == "corrupt"


def test_it_refuses_a_zip_that_is_not_a_workbook(tree, editor_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _refused_on_upload(tree, editor_a, buffer.getvalue(), "a.xlsx").code == "not_xlsx"


def test_it_refuses_a_zip_bomb_before_unpacking(tree, editor_a, settings):
    settings.IMPORT_MAX_UNPACKED_MB = 1
    buffer = io.BytesIO(xlsx([row("甲", f.resident_id())]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.bin", b"\x00" * (3 * 1024 * 1024))
    assert len(buffer.getvalue()) < 64 * 1024  # tiny on disk, megabytes unpacked
    refused = _refused_on_upload(tree, editor_a, buffer.getvalue(), "bomb.xlsx")
    assert refused.code == "unpacked_too_big" and refused.params == {"mb": 1}


def test_it_refuses_a_file_over_the_upload_limit(tree, editor_a, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0
    refused = _refused_on_upload(tree, editor_a, xlsx([row("甲", f.resident_id())]), "a.xlsx")
    assert refused.code == "too_big"


def test_it_refuses_more_rows_than_the_limit(tree, editor_a, settings):
    settings.IMPORT_MAX_ROWS = 3
    batch = _refused_on_check(tree, editor_a, xlsx([row(f"甲{n}", f.resident_id()) for n in range(4)]))
    assert batch.problem == {"code": "too_many_rows", "params": {"rows": 4, "max": 3}}


def test_it_refuses_an_empty_sheet(tree, editor_a):
    batch = _refused_on_check(tree, editor_a, xlsx([], headers=False))
    assert batch.problem["code"] == "empty"


def test_it_refuses_a_sheet_with_only_headers(tree, editor_a):
    batch = _refused_on_check(tree, editor_a, xlsx([]))
    assert batch.problem["code"] == "only_headers"
    assert file_reason_text(batch.problem) == file_reason_text({"code": "only_headers"})


def test_it_refuses_a_sheet_without_a_header_row(tree, editor_a):
    batch = _refused_on_check(tree, editor_a, xlsx([["甲", "乙"]], headers=["A", "B"]))
    assert batch.problem["code"] == "no_header"


def test_it_names_missing_required_columns(tree, editor_a):
    data = xlsx([["甲", f.resident_id()]], headers=["姓名", "身份证号"])
    batch = _refused_on_check(tree, editor_a, data)
    assert batch.problem == {"code": "missing_columns", "params": {"columns": "入会日期"}}


def test_it_refuses_formulas_without_stored_values(tree, editor_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号", "入会日期"])
    sheet.append(["甲", f.resident_id(), "2020-01-01"])
    sheet.append(['=CONCAT("乙","丙")', f.resident_id(), "2020-01-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl stores the formula and no calculated value
    batch = _refused_on_check(tree, editor_a, buffer.getvalue())
    assert batch.problem == {"code": "formulas", "params": {"cells": "A3"}}
    assert "A3" in file_reason_text(batch.problem)


def test_formulas_with_stored_values_are_read_as_values(tree, editor_a):
    resident_id = f.resident_id()
    whole = xlsx([row("甲", resident_id, migrant='=IF(1=1,"是","否")')])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(whole)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                # What Excel writes after calculating: the formula and its value.
                data = re.sub(rb'<c r="E2"><f>(.*?)</f><v ?/>',
                              '<c r="E2" t="str"><f>\\1</f><v>是</v>'.encode(), data)
                assert b"<v>" in data
            target.writestr(info, data)
    batch = check(tree.union_a, editor_a, buffer.getvalue())
    assert batch.status == ImportStatus.VALIDATED and batch.count_new == 1, batch.errors
    assert batch.errors == []


def test_a_refused_upload_is_shown_on_the_form(tree, editor_a, client_for):
    client = client_for(editor_a)
    response = client.post(f"/imports/into/{tree.union_a.pk}/",
                           {"file": upload(PNG_1PX, "photo.xlsx")})
    assert response.status_code == 200
    assert file_reason_text({"code": "image"}) in response.content.decode()
    assert not ImportBatch.objects.exists()
