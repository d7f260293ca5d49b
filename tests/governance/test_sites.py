"""Service sites: counted per node; the Excel import checks every row, then writes all."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from governance import records, selectors, site_import
from governance.models import ServiceSite, SiteImport, SiteKind
from organizations.models import AuditEntry


def add(node, by, name, kind=SiteKind.STATION, area="20"):
    return records.site_create(by=by, node=node, name=name, kind=kind, address="某路1号",
                               opening_hours="8:00-18:00", area_m2=Decimal(area))


def test_sites_counted_per_node(tree, city_officer):
    add(tree.city, city_officer, "市职工服务中心", SiteKind.SERVICE_CENTER, "800")
    add(tree.county_a, city_officer, "甲区驿站1")
    add(tree.township_a, city_officer, "甲街道驿站")
    add(tree.village_a, city_officer, "甲社区驿站", area="15.5")
    add(tree.county_b, city_officer, "乙区服务中心", SiteKind.SERVICE_CENTER)

    counts = selectors.site_counts(tree.city)
    assert counts[tree.city.path]["total"] == 1  # the city's own
    assert counts[tree.county_a.path]["total"] == 3
    assert counts[tree.county_a.path]["station"] == 3
    assert counts[tree.county_a.path]["area"] == Decimal("55.5")
    assert counts[tree.county_b.path]["service_center"] == 1
    assert selectors.site_counts(tree.county_a)[tree.township_a.path]["total"] == 2
    _rows, total = selectors.site_table(user=city_officer, node=tree.city)
    assert total["total"] == 5 and total["station"] == 3
    _rows, total = selectors.site_table(user=city_officer, node=tree.county_a)
    assert total["total"] == 3  # county B's site is not counted here


def test_a_site_name_is_unique_per_node(tree, city_officer):
    add(tree.county_a, city_officer, "甲区驿站1")
    with pytest.raises(ValidationError):
        add(tree.county_a, city_officer, "甲区驿站1")
    add(tree.county_b, city_officer, "甲区驿站1")


def sheet_bytes(rows, headers=site_import.TEMPLATE_HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, node, content: bytes, name="sites.xlsx"):
    return client.post(reverse("governance_site_import_new", args=[node.pk]),
                       {"file": SimpleUploadedFile(name, content)})


def test_import_checks_previews_and_commits(client_for, tree, editor_a):
    client = client_for(editor_a)
    good = sheet_bytes([
        ["甲区职工服务中心", "职工服务中心", "甲区人民路8号", "9:00-17:00", 650, ""],
        ["甲街道工会驿站", "工会驿站", "甲街道口", "全天", "25.5", "甲街道总工会"],
    ])
    response = upload(client, tree.county_a, good)
    batch = SiteImport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/site-imports/{batch.pk}/")
    assert batch.error_count == 0 and not ServiceSite.objects.exists()
    page = client.get(response.url)
    assert "甲街道工会驿站" in page.content.decode()
    response = client.post(reverse("governance_site_import_commit", args=[batch.pk]))
    assert response.status_code == 302
    sites = {s.name: s for s in ServiceSite.objects.all()}
    assert sites["甲区职工服务中心"].node == tree.county_a
    assert sites["甲街道工会驿站"].node == tree.township_a
    assert sites["甲街道工会驿站"].area_m2 == Decimal("25.5")
    assert AuditEntry.objects.filter(action="service_site.import").count() == 1
    # Committing twice writes nothing more.
    client.post(reverse("governance_site_import_commit", args=[batch.pk]))
    assert ServiceSite.objects.count() == 2


def test_import_errors_are_shown_in_chinese_and_nothing_is_written(client_for, tree, editor_a):
    client = client_for(editor_a)
    bad = sheet_bytes([
        ["", "工会驿站", "某路", "", "", ""],
        ["站点甲", "茶水间", "某路", "", "-3", ""],
        ["站点乙", "工会驿站", "某路", "", "", "乙区总工会"],  # outside county A
        ["站点丙", "工会驿站", "某路", "", "", ""],
        ["站点丙", "工会驿站", "某路", "", "", ""],
    ])
    response = upload(client, tree.county_a, bad)
    batch = SiteImport.objects.get()
    assert batch.error_count == 5 - 1
    text = client.get(response.url).content.decode()
    assert "名称必须填写" in text
    assert "类型不正确" in text
    assert "面积" in text
    assert "没有名为" in text
    assert "重复" in text
    response = client.post(reverse("governance_site_import_commit", args=[batch.pk]))
    assert not ServiceSite.objects.exists()


@pytest.mark.parametrize("content, message", [
    (b"name,address\n1,2\n", "CSV"),
    (b"PK\x03\x04broken", "损坏"),
])
def test_import_refuses_files_that_are_not_workbooks(client_for, tree, editor_a, content, message):
    response = upload(client_for(editor_a), tree.county_a, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SiteImport.objects.exists()


def test_import_refuses_too_many_rows(client_for, tree, editor_a, monkeypatch):
    monkeypatch.setattr(site_import, "SITE_IMPORT_MAX_ROWS", 3)
    rows = [[f"站点{i}", "工会驿站", "某路", "", "", ""] for i in range(20)]
    response = upload(client_for(editor_a), tree.county_a, sheet_bytes(rows))
    assert response.status_code == 200 and "最多" in response.content.decode()
    assert not SiteImport.objects.exists()


def test_reading_refuses_a_file_over_the_size_cap(tmp_path, monkeypatch):
    path = tmp_path / "sites.xlsx"
    path.write_bytes(sheet_bytes([["站点", "工会驿站", "某路", "", "", ""]]))
    monkeypatch.setattr(site_import, "SITE_IMPORT_MAX_MB", 0)
    with pytest.raises(site_import.SiteFileRefused):
        site_import.read_sheet(path)


def test_commit_refuses_a_file_with_any_error_row(client_for, tree, editor_a):
    """The template's example row is a valid site on its own: only the check keeps it out."""
    client = client_for(editor_a)
    upload(client, tree.county_a, sheet_bytes([site_import.EXAMPLE,
                                               ["站点甲", "工会驿站", "某路", "", "", ""]]))
    batch = SiteImport.objects.get()
    client.post(reverse("governance_site_import_commit", args=[batch.pk]))
    assert not ServiceSite.objects.exists()


def test_import_refuses_a_file_over_the_size_cap(client_for, tree, editor_a, monkeypatch):
    monkeypatch.setattr(site_import, "SITE_IMPORT_MAX_MB", 0)
    response = upload(client_for(editor_a), tree.county_a, sheet_bytes([]))
    assert response.status_code == 200 and "MB" in response.content.decode()
    assert not SiteImport.objects.exists()


def test_template_reads_back_with_its_example_row_flagged(client_for, tree, editor_a):
    client = client_for(editor_a)
    template = client.get(reverse("governance_site_template"))
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).active["A1"].value == "名称"
    upload(client, tree.county_a, template.content)
    batch = SiteImport.objects.get()
    assert batch.rows[0]["errors"] == [{"code": "example_row"}]
