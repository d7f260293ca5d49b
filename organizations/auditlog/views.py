"""操作日志 pages: administrators only (404 for anyone else), scoped by the selector."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from common.replicas import reads_from_replica
from organizations.audit import audit
from organizations.auditlog.actions import action_label, data_summary, object_type_label
from organizations.auditlog.export import audit_workbook
from organizations.auditlog.forms import AuditFilterForm
from organizations.auditlog.selectors import audit_list
from organizations.scope import scope_of
from organizations.web import admin_required, paginate

# An export is refused above this many entries: narrow the filters instead.
EXPORT_LIMIT = 100_000


def _form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None)


@admin_required
def audit_list_view(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    page = paginate(request, audit_list(user=request.user, filters=filters))
    for entry in page.object_list:
        entry.action_label = action_label(entry.action)
        entry.object_label = object_type_label(entry.object_type)
        entry.summary = data_summary(entry.data)
    query = urlencode({k: v for k, v in request.GET.items() if k in form.fields and v})
    return render(request, "organizations/audit_list.html", {
        "form": form, "page": page, "extra_query": f"{query}&" if query else "",
        "export_query": query,
    })


@admin_required
@reads_from_replica()  # the entries; the audit entry of the export itself goes to the primary
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered entries as .xlsx; refused above EXPORT_LIMIT (memory and time stay bounded)."""
    filters = _form(request).filters()
    entries = audit_list(user=request.user, filters=filters)
    if entries[: EXPORT_LIMIT + 1].count() > EXPORT_LIMIT:
        messages.error(request, _(
            "More than %(limit)s entries match: narrow the filters (user, action or dates) "
            "and export again.") % {"limit": f"{EXPORT_LIMIT:,}"})
        return redirect(f"{reverse('audit_list')}?{request.GET.urlencode()}")
    handle, rows = audit_workbook(entries)
    scope = scope_of(request.user)
    audit(by=request.user, action="audit.export", obj=scope, node=scope,
          data={"rows": rows, **{k: str(v) for k, v in filters.items()}})
    name = f"audit-log-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name)
