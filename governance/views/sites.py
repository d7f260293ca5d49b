"""Service sites: counts per node, the registry, add/edit, and the Excel import."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import records, selectors, site_import
from governance.forms import SiteForm, SiteUploadForm
from governance.models import SiteKind
from governance.views.common import node_context
from organizations.web import call_service, editor_required, paginate, search_term

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def node_sites(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(user=request.user, pk=pk)
    kind = request.GET.get("kind", "")
    q = search_term(request)
    rows, total = selectors.site_table(user=request.user, node=node)
    sites = selectors.site_list(user=request.user, node=node, kind=kind, search=q)
    return render(request, "governance/node_sites.html", {
        **node_context(request.user, node, "sites"), "rows": rows, "total": total,
        "kinds": SiteKind.choices, "kind": kind, "q": q,
        "page": paginate(request, sites, 50),
        "extra_query": f"kind={kind}&" if kind in SiteKind.values else "",
    })


@editor_required
def site_new(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(user=request.user, pk=pk)
    form = SiteForm(request.POST or None, user=request.user, initial={"node": node.pk})
    if request.method == "POST" and form.is_valid():
        site = call_service(form, lambda: records.site_create(
            by=request.user, **form.service_fields()))
        if site is not None:
            messages.success(request, _("%(name)s added.") % {"name": site.name})
            return redirect("governance_sites", pk=node.pk)
    return render(request, "governance/site_form.html", {
        **node_context(request.user, node, "sites"), "form": form, "site": None})


@editor_required
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_get(user=request.user, pk=pk)
    form = SiteForm(request.POST or None, user=request.user, instance=site)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: records.site_update(
            site=site, by=request.user, version=form.cleaned_data["version"],
            **form.service_fields()))
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("governance_sites", pk=saved.node_id)
    return render(request, "governance/site_form.html", {
        **node_context(request.user, site.node, "sites"), "form": form, "site": site})


@login_required
def site_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(site_import.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="service-sites-template.xlsx"'
    return response


@editor_required
def site_import_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload: the size is refused before the file is copied; then every row is checked."""
    node = selectors.node_get(user=request.user, pk=pk)
    form = SiteUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = None
        if upload.size > site_import.SITE_IMPORT_MAX_MB * 1024 * 1024:
            form.add_error("file", str(site_import.FILE_ERRORS["too_big"]) % {
                "mb": site_import.SITE_IMPORT_MAX_MB})
        else:
            batch = _check_upload(request, form, node, upload)
        if batch is not None:
            return redirect("governance_site_import", pk=batch.pk)
    return render(request, "governance/site_import_new.html", {
        **node_context(request.user, node, "sites"), "form": form,
        "max_rows": site_import.SITE_IMPORT_MAX_ROWS, "max_mb": site_import.SITE_IMPORT_MAX_MB})


def _check_upload(request, form, node, upload):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.xlsx"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            return site_import.site_import_check(node=node, path=path, file_name=upload.name,
                                                 by=request.user)
        except site_import.SiteFileRefused as exc:
            form.add_error("file", exc.message)
    return None


@login_required
def site_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.site_import_get(user=request.user, pk=pk)
    kinds = dict(SiteKind.choices)
    rows = [{**row, "messages": [site_import.error_text(e) for e in row["errors"]],
             "kind_label": kinds.get(row["values"]["kind"], row["values"]["kind"])}
            for row in batch.rows]
    return render(request, "governance/site_import_detail.html", {
        **node_context(request.user, batch.node, "sites"), "batch": batch, "rows": rows})


@require_POST
@editor_required
def site_import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.site_import_get(user=request.user, pk=pk)
    try:
        count = site_import.site_import_commit(batch=batch, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("governance_site_import", pk=batch.pk)
    messages.success(request, _("%(count)s service sites imported.") % {"count": count})
    return redirect("governance_sites", pk=batch.node_id)
