"""Pages of the employer and union imports: parse, call a service, render."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common import jobs as common_jobs
from common.sheets.refusal import RefusedFile, file_reason_text
from common.sheets.sandbox import ReadAborted, read_sheet
from common.sheets.workbooks import error_workbook
from organizations import selectors as org_selectors
from organizations.importing import reasons, selectors, services
from organizations.importing.forms import RegisterCommitForm, RegisterUploadForm
from organizations.importing.jobs import KINDS
from organizations.importing.models import RegisterKind
from organizations.importing.template import register_template
from organizations.web import editor_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(kind: str) -> str:
    if kind not in RegisterKind.values:
        raise Http404
    return kind


@editor_required
def register_template_download(request: HttpRequest, kind: str) -> HttpResponse:
    response = HttpResponse(register_template(_kind(kind)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response


@editor_required
def register_import_new(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    node = org_selectors.union_get(user=request.user, pk=pk)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.register_import_create(
                node=node, kind=_kind(kind), by=request.user, upload=form.cleaned_data["file"])
        except RefusedFile as refused:
            form.add_error("file", str(refused))
        else:
            _tell_if_unsent(request, record)
            return redirect("register_import_detail", pk=record.pk)
    return render(request, "organizations/register_import_new.html", {
        "form": form, "node": node, "kind": _kind(kind),
        "recent": selectors.register_import_list(user=request.user).filter(
            node=node, kind=kind)[:10],
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=node)})


def _problem(problem: dict) -> str:
    if problem.get("code") == "job_failed":
        reason = (problem.get("params") or {}).get("reason")
        return str(common_jobs.FAILURE_TEXT.get(reason, common_jobs.FAILURE_TEXT["internal"]))
    return file_reason_text(problem, table=reasons.FILE_REASONS) if problem else ""


@editor_required
def register_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.register_import_get(user=request.user, pk=pk)
    errors = Paginator(record.errors, 50).get_page(request.GET.get("page"))
    return render(request, "organizations/register_import_detail.html", {
        "record": record, "problem": _problem(record.problem), "page": errors,
        "error_rows": selectors.register_import_error_rows(errors.object_list),
        "commit_form": RegisterCommitForm(),
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=record.node)})


@editor_required
def register_import_status(request: HttpRequest, pk: int) -> JsonResponse:
    record = selectors.register_import_get(user=request.user, pk=pk)
    return JsonResponse({"status": record.status, "progress": record.progress,
                         "running": record.is_running})


@editor_required
def register_import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows with errors, as uploaded, with a reason column: to fix and upload again."""
    record = selectors.register_import_get(user=request.user, pk=pk)
    if not record.errors or not record.file:
        raise Http404
    layout, columns, _rules = KINDS[record.kind]
    try:
        sheet = read_sheet(Path(record.file.path), layout)
    except (RefusedFile, ReadAborted):
        raise Http404
    try:
        content = error_workbook(sheet, record.errors, columns=columns,
                                 reason=reasons.reason_text, text_fields=("credit_code",))
    except ReadAborted:
        raise Http404
    finally:
        sheet.release()
    response = HttpResponse(content, content_type=XLSX)
    name = f"errors-{Path(record.original_name).stem}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
@editor_required
def register_import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.register_import_get(user=request.user, pk=pk)
    form = RegisterCommitForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("confirm", [])))
        return redirect("register_import_detail", pk=record.pk)
    try:
        record = services.register_import_commit_request(record=record, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    _tell_if_unsent(request, record)
    return redirect("register_import_detail", pk=record.pk)


@require_POST
@editor_required
def register_import_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.register_import_get(user=request.user, pk=pk)
    try:
        record = services.register_import_recheck(record=record, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    _tell_if_unsent(request, record)
    return redirect("register_import_detail", pk=record.pk)


def _tell_if_unsent(request: HttpRequest, record: object) -> None:
    if getattr(record, "send_failed", False):
        messages.warning(request, str(common_jobs.BROKER_DOWN))

