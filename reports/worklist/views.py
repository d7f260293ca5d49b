"""The 四清 work-list pages: the filtered list, its export, an employer's work item and entries,
this month's 销号, and the yearly targets. Parse, call a selector or service, render."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organizations.models import Employer, Level
from organizations.scope import can_edit
from organizations.selectors import employer_get, union_ancestors
from organizations.web import call_service, editor_required, paginate
from reports import selectors as report_selectors
from reports.files import services as file_services
from reports.files.models import FileKind
from reports.forms import NoUnionReasonForm
from reports.worklist import selectors, services, targets
from reports.worklist.export import worklist_write
from reports.worklist.filters import WorklistFilterForm
from reports.worklist.forms import AssignForm, TargetsForm, VisitForm
from reports.worklist.models import WorkItem


@dataclass
class Row:
    employer: Employer
    form: NoUnionReasonForm | None
    county: str
    township: str
    item: WorkItem | None
    overdue: bool
    found_url: str  # 去建会: union registration under the employer's federation


def _reason_form(employer: Employer) -> NoUnionReasonForm:
    return NoUnionReasonForm(initial={
        "no_union_reason": employer.no_union_reason, "no_union_note": employer.no_union_note,
        "version": employer.version}, prefix=f"e{employer.pk}")


def _found_url(employer: Employer) -> str:
    node = employer.node
    # A grassroots union is registered under a federation: the employer's own node, or the
    # federation above a union it was filed under.
    parent_id = node.pk if node.level != Level.GRASSROOTS else None
    if parent_id is None:
        return ""
    return f"{reverse('union_create', args=[parent_id])}?{urlencode({'employer': employer.pk})}"


def _rows(page, editable: bool) -> list[Row]:
    today = timezone.localdate()
    areas = selectors.area_names(page.object_list)
    rows = []
    for employer in page.object_list:
        item = getattr(employer, "work_item", None)
        rows.append(Row(employer, _reason_form(employer) if editable else None,
                        *areas[employer.pk], item, bool(item and item.is_overdue(today)),
                        _found_url(employer) if editable else ""))
    return rows


def _query(request: HttpRequest, *drop: str) -> str:
    """The filters of the page as a query string (for pagination, sorting and export)."""
    params = request.GET.copy()
    for name in ("page", *drop):
        params.pop(name, None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def _filtered(request: HttpRequest, pk: int | None):
    node = report_selectors.dashboard_node(user=request.user, pk=pk)
    form = WorklistFilterForm(request.GET, user=request.user)
    node = form.area_or(node)
    filters = form.filters()
    return node, form, filters, selectors.worklist_filtered(
        user=request.user, node=node, filters=filters)


@login_required
@require_GET
def worklist(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    node, form, filters, employers = _filtered(request, pk)
    page = paginate(request, employers)
    editable = can_edit(request.user)
    return render(request, "reports/worklist.html", {
        "node": node, "page": page, "rows": _rows(page, editable), "sort": filters.sort,
        "editable": editable, "filter_form": form, "min_staff": filters.min_staff,
        "extra_query": _query(request), "sort_query": _query(request, "sort"),
        "report_breadcrumb": union_ancestors(user=request.user, node=node),
    })


@login_required
@require_GET
def worklist_export(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A short list comes at once; a longer one is built by a worker as a generated file."""
    node, _form, filters, employers = _filtered(request, pk)
    if employers[: settings.WORKLIST_EXPORT_DIRECT_MAX + 1].count() > \
            settings.WORKLIST_EXPORT_DIRECT_MAX:
        file_services.file_request(user=request.user, kind=FileKind.WORKLIST, node=node,
                                   params=filters.as_params())
        messages.success(request, _("The list is long: it is being built as a file, listed "
                                    "under 报表下载 when ready."))
        return redirect("reports_files")
    handle = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    worklist_write(employers, handle)
    handle.seek(0)
    name = f"{node.name}-{_('Work-list 四清')}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name)


def _item_page(request: HttpRequest, employer: Employer, status: int = 200, **forms) -> HttpResponse:
    item = selectors.work_item_of(user=request.user, employer=employer)
    initial = {"assignee": item.assignee_id, "due_on": item.due_on, "notes": item.notes,
               "version": item.version} if item else {}
    return render(request, "reports/worklist_item.html", {
        "employer": employer, "item": item,
        "overdue": bool(item and item.is_overdue(timezone.localdate())),
        "visits": selectors.visits_of(user=request.user, employer=employer),
        "editable": can_edit(request.user),
        "assign_form": forms.get("assign_form") or AssignForm(initial=initial, user=request.user),
        "visit_form": forms.get("visit_form") or VisitForm(initial={"on": timezone.localdate()}),
        "found_url": _found_url(employer),
    }, status=status)


@login_required
@require_GET
def worklist_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, employer_get(user=request.user, pk=pk))


@require_POST
@editor_required
def worklist_assign(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_get(user=request.user, pk=pk)
    form = AssignForm(request.POST, user=request.user)
    if form.is_valid():
        saved = call_service(form, lambda: services.workitem_assign(
            employer=employer, by=request.user, assignee=form.cleaned_data["assignee"],
            due_on=form.cleaned_data["due_on"], notes=form.cleaned_data["notes"],
            version=form.cleaned_data["version"]))
        if saved is not None:
            messages.success(request, _("Assignment saved."))
            return redirect("reports_worklist_item", pk=employer.pk)
    return _item_page(request, employer, status=400, assign_form=form)


@require_POST
@editor_required
def worklist_visit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_get(user=request.user, pk=pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        saved = call_service(form, lambda: services.visit_record(
            employer=employer, by=request.user, **form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Entry recorded."))
            return redirect("reports_worklist_item", pk=employer.pk)
    return _item_page(request, employer, status=400, visit_form=form)


@login_required
@require_GET
def worklist_closed(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """对账销号: employers that left the list this month, how, and who recorded it."""
    node, form, filters, _employers = _filtered(request, pk)
    return render(request, "reports/worklist_closed.html", {
        "node": node, "filter_form": form, "min_staff": filters.min_staff,
        "rows": selectors.closed_this_month(user=request.user, node=node,
                                            min_staff=filters.min_staff),
        "limit": selectors.CLOSED_LIMIT, "month": timezone.localdate(),
        "report_breadcrumb": union_ancestors(user=request.user, node=node),
    })


def _year(request: HttpRequest) -> int:
    year = request.GET.get("year") or request.POST.get("year") or ""
    this = targets.this_year()
    return int(year) if year.isdigit() and this - 5 <= int(year) <= this + 1 else this


@editor_required
def targets_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A federation's targets for its children, for one year (the parent sets them)."""
    node = report_selectors.dashboard_node(user=request.user, pk=pk)
    year = _year(request)
    children = targets.federation_children(node)
    current = {t.node_id: t for t in targets.Target.objects.filter(node__in=children, year=year)}
    form = TargetsForm(request.POST or None, children=children, targets=current)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: services.targets_set(
            parent=node, year=year, targets=form.targets(), by=request.user))
        if saved is not None:
            messages.success(request, _("Targets saved."))
            return redirect(f"{request.path}?year={year}")
    return render(request, "reports/worklist_targets.html", {
        "node": node, "year": year, "form": form,
        "years": range(targets.this_year() - 1, targets.this_year() + 2),
        "report_breadcrumb": union_ancestors(user=request.user, node=node),
    }, status=400 if form.is_bound and not form.is_valid() else 200)
