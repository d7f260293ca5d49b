"""会员接转申请: the cross-area transfer requests, both sides. Parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import lifecycle, selectors, transfers
from members.forms import AcceptForm, RejectForm, TransferByIdForm, TransferRequestForm
from members.models import TransferSide, TransferStatus
from organizations import selectors as org_selectors
from organizations.concurrency import ConflictError
from organizations.scope import is_within
from organizations.web import call_service, editor_required, search_term


@login_required
def transfer_request_list(request: HttpRequest) -> HttpResponse:
    pending = selectors.transfer_requests_pending(user=request.user)
    recent = selectors.transfer_request_list(user=request.user).exclude(
        status=TransferStatus.PENDING)[:30]
    return render(request, "members/transfer_requests.html", {**pending, "recent": recent})


@login_required
def transfer_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.transfer_request_get(user=request.user, pk=pk)
    decides = is_within(request.user, transfers.deciding_union(req))
    return render(request, "members/transfer_request_detail.html", {
        "req": req, "decides": decides,
        "started": is_within(request.user, transfers.starting_union(req)),
        "sees_from": is_within(request.user, req.from_union),
        "sees_to": is_within(request.user, req.to_union),
        "accept_form": AcceptForm(union=req.to_union) if decides else None,
        "chooses_employer": decides and req.started_by_side == TransferSide.FROM,
        "reject_form": RejectForm() if decides else None,
    })


def _decide(request: HttpRequest, pk: int, action) -> HttpResponse:
    req = selectors.transfer_request_get(user=request.user, pk=pk)
    try:
        action(req)
    except (ConflictError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("transfer_request_detail", pk=req.pk)


@require_POST
@editor_required
def transfer_request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def accept(req):
        form = AcceptForm(request.POST, union=req.to_union)
        if not form.is_valid():
            raise ValidationError(_("Check the employer and the date."))
        transfers.transfer_request_accept(request=req, by=request.user,
                                          employer=form.cleaned_data["employer"],
                                          on=form.cleaned_data["on"])
        messages.success(request, _("The transfer was accepted."))
    return _decide(request, pk, accept)


@require_POST
@editor_required
def transfer_request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def reject(req):
        transfers.transfer_request_reject(request=req, by=request.user,
                                          reason=request.POST.get("reason", ""))
        messages.success(request, _("The transfer was rejected."))
    return _decide(request, pk, reject)


@require_POST
@editor_required
def transfer_request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def cancel(req):
        transfers.transfer_request_cancel(request=req, by=request.user)
        messages.success(request, _("The request was withdrawn."))
    return _decide(request, pk, cancel)


@editor_required
def member_transfer_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A's side: ask a union outside the user's area to take this member."""
    member = selectors.member_get(user=request.user, pk=pk)
    form = TransferRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        to_union = selectors.transfer_destination_get(user=request.user,
                                                      pk=form.cleaned_data["to_union"])
        if not is_within(request.user, to_union):
            req = call_service(form, lambda: transfers.transfer_request_from_a(
                member=member, to_union=to_union, by=request.user,
                on=form.cleaned_data["on"], note=form.cleaned_data["note"]))
            if req is not None:
                messages.success(request, _("The transfer request was sent to %(union)s.")
                                 % {"union": to_union.name})
                return redirect("transfer_request_detail", pk=req.pk)
        else:
            form.add_error(None, _("This union is in your area: transfer the member directly."))
    q = search_term(request)
    return render(request, "members/member_transfer_request.html", {
        "member": member, "union": member.union, "form": form, "q": q,
        "candidates": selectors.transfer_destinations_citywide(
            user=request.user, member=member, search=q) if q else None,
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=member.union),
    })


@editor_required
def union_transfer_in(request: HttpRequest, pk: int) -> HttpResponse:
    """B's side: ask for a person by full resident ID (typed, sent by POST)."""
    union = org_selectors.union_get(user=request.user, pk=pk)
    if not union.is_grassroots:
        raise Http404
    form = TransferByIdForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req = call_service(form, lambda: transfers.transfer_request_from_b(
                resident_id=data["resident_id"], to_union=union, by=request.user,
                employer=data["employer"], on=data["on"], note=data["note"]))
        except transfers.TransferInScope as inside:
            member = inside.args[0]  # both unions in the user's scope: transfer at once
            moved = call_service(form, lambda: lifecycle.member_transfer(
                member=member, to_union=union, by=request.user, on=data["on"],
                employer=data["employer"]))
            if moved is not None:
                messages.success(request, _("%(name)s was transferred to %(union)s.") % {
                    "name": moved.name, "union": union.name})
                return redirect("union_detail", pk=union.pk)
            req = None
        if req is not None:
            messages.success(request, _("The transfer request was sent."))
            return redirect("transfer_request_detail", pk=req.pk)
    return render(request, "members/union_transfer_in.html", {
        "union": union, "form": form,
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=union),
    })
