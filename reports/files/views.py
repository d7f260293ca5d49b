"""The 报表下载 page: request a report or roster, watch it being built, download it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.jobs import BROKER_DOWN
from organizations.web import paginate
from reports.files import selectors, services
from reports.files.forms import FileRequestForm
from reports.files.models import REPORT_KINDS, FileKind, FileStatus, GeneratedFile


@login_required
@require_GET
def files_page(request: HttpRequest) -> HttpResponse:
    files = selectors.file_list(user=request.user)
    return render(
        request,
        "reports/files_list.html",
        {
            "form": FileRequestForm(user=request.user, initial=_initial(request)),
            "page": paginate(request, files.done(), per_page=30),
            "pending": list(files.pending()),
            "failed": list(selectors.file_failed_recently(user=request.user)),
        },
    )


def _initial(request: HttpRequest) -> dict:
    initial = {}
    if request.GET.get("node", "").isdigit():
        initial["node"] = int(request.GET["node"])
    if request.GET.get("kind") in FileKind.values:
        initial["kind"] = request.GET["kind"]
    return initial


@login_required
@require_POST
def file_request(request: HttpRequest) -> HttpResponse:
    form = FileRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        # The node list is the user's subtree: a node outside it is simply not a choice.
        if "node" in form.errors and request.POST.get("node"):
            raise Http404
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports_files")
    record = services.file_request(
        user=request.user,
        kind=form.cleaned_data["kind"],
        node=form.cleaned_data["node"],
        month=form.cleaned_data["period"],
    )
    return _queued_answer(request, record)


def _queued_answer(request: HttpRequest, record: GeneratedFile) -> HttpResponse:
    """The request is recorded either way; when the broker was unreachable the user is told
    at once (not after a timeout) that it will be sent automatically."""
    notice = None
    if getattr(record, "send_failed", False):
        notice = str(BROKER_DOWN)
        messages.warning(request, notice)
    else:
        _tell_file_state(request, record)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({**_status(record), "notice": notice}, status=202)
    return redirect("reports_files")


def _tell_file_state(request: HttpRequest, record: GeneratedFile) -> None:
    """Say what is true now. With a worker the file is still queued; with none (the embedded
    mode, tasks run in the request) it was built, or failed, before this line runs."""
    record.refresh_from_db(fields=["status", "started_at", "finished_at"])
    if record.is_done:
        messages.success(request, _("Your file is ready: it is listed under “Files ready”."))
    elif record.status == FileStatus.FAILED:
        messages.error(request, _("The file could not be built. Please request it again."))
    else:
        messages.success(request, _("Your file is being built; this page shows its progress."))


@login_required
@require_POST
def file_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Build a failed file again; only its requester sees a failure, so only they retry it."""
    record = selectors.file_failed_get(user=request.user, pk=pk)
    record = services.file_retry(user=request.user, record=record)
    return _queued_answer(request, record)


def _status(record: GeneratedFile) -> dict:
    return {
        "id": record.pk,
        "status": record.status,
        "status_label": str(FileStatus(record.status).label),
        "progress": record.progress,
        "url": reverse("reports_file_download", args=[record.pk]) if record.is_done else None,
    }


@login_required
@require_GET
def file_status(request: HttpRequest) -> JsonResponse:
    """Status of the listed ids that the user may see; unknown or foreign ids are left out."""
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit()][:50]
    records = selectors.file_list(user=request.user, ids=ids)
    return JsonResponse({"files": [_status(record) for record in records]})


@login_required
@require_GET
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    record = selectors.file_download_get(user=request.user, pk=pk)
    handle = services.file_download_open(record=record, by=request.user)
    response = FileResponse(handle, as_attachment=True, filename=display_name(record))
    response["Cache-Control"] = "private, no-store"
    return response


def display_name(record: GeneratedFile) -> str:
    """The name the browser saves: unit, month and kind, readable in a download folder."""
    if record.kind in REPORT_KINDS:
        when = record.period_label
    else:
        when = timezone.localtime(record.finished_at or record.created_at).strftime("%Y%m%d")
    return f"{record.node.name}-{when}-{record.get_kind_display()}.xlsx"
