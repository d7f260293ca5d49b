"""HTML pages of the roster import wizard: parse, call a service, render."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.jobs import BROKER_DOWN
from members.importing import jobs, selectors, services
from members.importing.forms import CommitForm, UnionPickForm, UploadForm
from members.importing.jobs import problem_text
from members.importing.reasons import RefusedFile
from members.importing.sandbox import ReadAborted, read_roster
from members.importing.template import error_workbook, template_workbook
from organizations import selectors as org_selectors
from organizations.web import editor_required, paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_PER_PAGE = 50
UNION_PICK_LIMIT = 20


@editor_required
def import_index(request: HttpRequest) -> HttpResponse:
    """Recent imports in the user's area, and where to send a new one."""
    node_pk = request.GET.get("node", "")
    if node_pk.isdigit():
        return redirect("import_new", pk=int(node_pk))
    return render(request, "members/import_index.html", {
        "page": paginate(request, selectors.import_batch_list(user=request.user), 20),
        "targets": selectors.import_targets(user=request.user),
        **_union_pick(request),
    })


def _union_pick(request: HttpRequest) -> dict:
    """The grassroots-union picker: unions of the user's area found by name or credit code."""
    form = UnionPickForm(request.GET)
    term = form.cleaned_data["union_q"].strip() if form.is_valid() else ""
    found = org_selectors.union_search(user=request.user, term=term)[:UNION_PICK_LIMIT]
    return {"pick_form": form, "union_q": term, "union_choices": list(found)}


@editor_required
def import_new(request: HttpRequest, pk: int) -> HttpResponse:
    node = org_selectors.union_get(user=request.user, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_batch_create(node=node, by=request.user,
                                                 upload=form.cleaned_data["file"])
        except RefusedFile as refused:
            form.add_error("file", str(refused))
        else:
            _tell_if_unsent(request, batch)
            return redirect("import_detail", pk=batch.pk)
    return render(request, "members/import_new.html", {
        "form": form, "node": node,
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=node),
    })


@editor_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="member-roster-template.xlsx"'
    return response


@editor_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while checking or writing; then the preview, or the result."""
    batch = services.import_batch_refresh(
        batch=selectors.import_batch_get(user=request.user, pk=pk))
    errors = Paginator(batch.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "members/import_detail.html", {
        "batch": batch,
        "problem": problem_text(batch.problem),
        "page": errors,
        "error_rows": selectors.import_error_rows(errors.object_list),
        "commit_form": CommitForm(initial={"all_or_nothing": batch.all_or_nothing}),
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=batch.node),
    })


@editor_required
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    batch = services.import_batch_refresh(
        batch=selectors.import_batch_get(user=request.user, pk=pk))
    return JsonResponse({"status": batch.status, "progress": jobs.commit_progress(batch),
                         "running": batch.is_running})


@editor_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows with errors, as uploaded, plus a reason column: to fix and upload again."""
    batch = selectors.import_batch_get(user=request.user, pk=pk)
    if not batch.errors or not batch.file:
        raise Http404
    try:
        roster = read_roster(Path(batch.file.path))
    except (RefusedFile, ReadAborted):
        raise Http404
    try:
        content = error_workbook(roster, batch.errors)
    except ReadAborted:
        raise Http404
    finally:
        roster.release()
    name = f"errors-{Path(batch.original_name).stem}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
@editor_required
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch_get(user=request.user, pk=pk)
    form = CommitForm(request.POST)
    if not form.is_valid():
        # Not confirmed: nothing is queued, the summary is shown again.
        messages.error(request, " ".join(form.errors.get("confirm", [])))
        return redirect("import_detail", pk=batch.pk)
    try:
        batch = services.import_commit_request(
            batch=batch, by=request.user,
            all_or_nothing=form.cleaned_data.get("all_or_nothing", False))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    _tell_if_unsent(request, batch)
    return redirect("import_detail", pk=batch.pk)


@require_POST
@editor_required
def import_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch_get(user=request.user, pk=pk)
    try:
        batch = services.import_revalidate(batch=batch, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    _tell_if_unsent(request, batch)
    return redirect("import_detail", pk=batch.pk)


def _tell_if_unsent(request: HttpRequest, batch: object) -> None:
    """The broker was unreachable: the batch waits and is sent automatically; say so now
    rather than let the page spin without a word."""
    if getattr(batch, "send_failed", False):
        messages.warning(request, str(BROKER_DOWN))
