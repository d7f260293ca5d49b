"""Pages of the life cycle: a union's 建会 steps and history, moves, dissolution, the approvals
waiting at a federation, an employer's page and its closing. Parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import selectors
from organizations.concurrency import ConflictError
from organizations.lifecycle import ending, founding, moves
from organizations.lifecycle import forms as life_forms
from organizations.lifecycle import selectors as life
from organizations.lifecycle.common import parent_of
from organizations.models import Union, UnionStatus
from organizations.scope import can_edit, is_admin, is_within
from organizations.web import call_service, editor_required


def _grassroots(request: HttpRequest, pk: int) -> Union:
    union = selectors.union_get(user=request.user, pk=pk)  # 404 outside the scope
    if not union.is_grassroots:
        raise Http404
    return union


def _may_decide(request: HttpRequest, union: Union) -> bool:
    """The federation above decides (批复, 退回, 注销): the user's scope holds the parent."""
    parent = parent_of(union)
    return can_edit(request.user) and parent is not None and is_within(request.user, parent)


def _life_page(request: HttpRequest, union: Union, status: int = 200, **forms) -> HttpResponse:
    step_forms = {
        "approve_form": life_forms.with_version(life_forms.ApproveForm, union),
        "return_form": life_forms.with_version(life_forms.ReturnForm, union),
        "found_form": life_forms.with_version(life_forms.FoundForm, union),
        **forms,
    }
    return render(request, "organizations/union_life.html", {
        "union": union,
        "parent": parent_of(union),
        "breadcrumb": selectors.union_ancestors(user=request.user, node=union),
        "may_decide": _may_decide(request, union),
        "may_move": can_edit(request.user) and not union.is_ended,
        "closed_employers": life.closed_employers_of(union=union),
        "timeline": life.union_timeline(user=request.user, union=union),
        **step_forms,
    }, status=status)


@login_required
def union_life(request: HttpRequest, pk: int) -> HttpResponse:
    """建会 and changes: the union's steps so far, what may be done next, and its history."""
    return _life_page(request, _grassroots(request, pk))


def _step(request: HttpRequest, pk: int, form_class, form_name: str, service, done: str):
    union = _grassroots(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        saved = call_service(form, lambda: service(union=union, by=request.user, **data))
        if saved is not None:
            messages.success(request, done)
            return redirect("union_life", pk=union.pk)
    return _life_page(request, union, status=400, **{form_name: form})


@require_POST
@editor_required
def union_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, life_forms.ApproveForm, "approve_form", founding.union_approve,
                 _("The preparation is approved."))


@require_POST
@editor_required
def union_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, life_forms.ReturnForm, "return_form", founding.union_return,
                 _("The preparation was sent back."))


@require_POST
@editor_required
def union_found(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, life_forms.FoundForm, "found_form", founding.union_found,
                 _("The union is founded."))


@require_POST
@editor_required
def union_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    union = _grassroots(request, pk)
    version = request.POST.get("version", "")
    try:
        founding.union_resubmit(union=union, by=request.user,
                                version=int(version) if version.isdigit() else None)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The preparation was submitted again."))
    return redirect("union_life", pk=union.pk)


@editor_required
def union_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    """注销: refused while members or employers remain, saying how many and where to move them."""
    union = _grassroots(request, pk)
    form = life_forms.with_version(life_forms.DissolveForm, union,
                                   request.POST if request.method == "POST" else None)
    in_use = None

    def dissolve():
        nonlocal in_use
        try:
            return ending.union_dissolve(union=union, by=request.user, **form.cleaned_data)
        except ending.UnionStillInUse as exc:  # shown with its counts and ways out, not as an error
            in_use = exc
            return None

    if request.method == "POST" and form.is_valid():
        saved = call_service(form, dissolve)
        if saved is not None:
            messages.success(request, _("The union is dissolved."))
            return redirect("union_life", pk=union.pk)
    return render(request, "organizations/union_dissolve.html", {
        "union": union, "form": form, "in_use": in_use,
        "employers": selectors.union_employers(user=request.user, union=union).open(),
        "may_decide": _may_decide(request, union),
        "breadcrumb": selectors.union_ancestors(user=request.user, node=union),
    })


@editor_required
def union_move(request: HttpRequest, pk: int) -> HttpResponse:
    """组织关系转入/转出: move the union under another federation of the user's area."""
    union = selectors.union_get(user=request.user, pk=pk)
    form = life_forms.MoveForm(request.POST or None, user=request.user, union=union,
                               initial={"version": union.version})
    if request.method == "POST" and form.is_valid():
        moved = call_service(form, lambda: moves.union_move(
            union=union, to_parent=form.cleaned_data["to_parent"], by=request.user,
            version=form.cleaned_data["version"]))
        if moved is not None:
            messages.success(request, _("%(name)s now belongs to %(parent)s.") % {
                "name": moved.name, "parent": form.cleaned_data["to_parent"].name})
            return redirect("union_life" if moved.is_grassroots else "node_detail", pk=moved.pk)
    return render(request, "organizations/union_move.html", {
        "union": union, "form": form, "parent": parent_of(union),
        "may_move_federation": union.is_grassroots or is_admin(request.user),
        "breadcrumb": selectors.union_ancestors(user=request.user, node=union),
    })


@login_required
def approvals(request: HttpRequest, pk: int) -> HttpResponse:
    """待批复: the preparations below a federation, for its staff to approve or send back."""
    node = selectors.union_get(user=request.user, pk=pk)
    if node.is_grassroots:
        raise Http404
    waiting = list(life.approvals_waiting(user=request.user, node=node))
    in_progress = list(life.preparations_in_progress(user=request.user, node=node))
    selectors.unions_add_parent_names(user=request.user, unions=waiting + in_progress)
    selectors.unions_count_employers(waiting + in_progress)
    return render(request, "organizations/approvals.html", {
        "node": node, "waiting": waiting, "in_progress": in_progress,
        "breadcrumb": selectors.union_ancestors(user=request.user, node=node),
        "statuses": UnionStatus,
    })


@login_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, pk=pk)
    union = employer.union
    return render(request, "organizations/employer_detail.html", {
        "employer": employer,
        "union_visible": union is not None and is_within(request.user, union),
        "timeline": life.employer_timeline(user=request.user, employer=employer),
    })


@editor_required
def employer_close(request: HttpRequest, pk: int) -> HttpResponse:
    """注销/吊销/迁出 of an employer, with its date."""
    employer = selectors.employer_get(user=request.user, pk=pk)
    form = life_forms.with_version(life_forms.EmployerCloseForm, employer,
                                   request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: ending.employer_close(
            employer=employer, by=request.user, **form.cleaned_data))
        if saved is not None:
            messages.success(request, _("%(name)s is recorded as closed.") % {"name": saved.name})
            return redirect("employer_detail", pk=employer.pk)
    return render(request, "organizations/employer_close.html", {"employer": employer, "form": form})
