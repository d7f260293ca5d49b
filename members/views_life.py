"""The member page (facts, card, memberships in scope, events, timeline), keep/return, and the
person search: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import selectors, services
from members.forms import KeepForm, LeaveForm, PersonIdForm, ReturnForm
from members.lookups import LookupLimitReached
from members.models import CURRENT_STATUSES, MemberStatus
from members.person import person_find, person_find_by_id
from members.timeline import member_timeline
from organizations import selectors as org_selectors
from organizations.concurrency import ConflictError
from organizations.scope import can_edit, is_admin
from organizations.web import editor_required, search_term


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """会员详情: card number, memberships of the person in scope, events and the timeline."""
    member = selectors.member_get(user=request.user, pk=pk)
    editable = can_edit(request.user)
    return render(request, "members/member_detail.html", {
        "member": member, "union": member.union,
        "memberships": selectors.person_memberships(user=request.user, member=member),
        "events": selectors.member_events(user=request.user, member=member),
        "timeline": member_timeline(member),
        "can_show_full_id": is_admin(request.user),
        "is_current": member.status in CURRENT_STATUSES,
        "leave_form": LeaveForm(initial={"version": member.version}) if editable else None,
        "keep_form": KeepForm(initial={"version": member.version}) if editable else None,
        "return_form": ReturnForm(initial={"version": member.version}, union=member.union)
        if editable and member.status in (MemberStatus.KEPT, MemberStatus.LEFT) else None,
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=member.union),
    })


def _refusal(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


@require_POST
@editor_required
def member_keep(request: HttpRequest, pk: int) -> HttpResponse:
    """保留会籍: the person stays a member here while out of work or retired."""
    member = selectors.member_get(user=request.user, pk=pk)
    form = KeepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The date is not valid."))
        return redirect("member_detail", pk=member.pk)
    try:
        services.member_keep(member=member, by=request.user, version=form.cleaned_data["version"],
                             on=form.cleaned_data["on"], reason=form.cleaned_data["reason"])
    except (ConflictError, ValidationError) as exc:
        _refusal(request, exc)
        return redirect("member_detail", pk=member.pk)
    messages.success(request, _("%(name)s keeps the membership (保留会籍).") % {"name": member.name})
    return redirect("member_detail", pk=member.pk)


@require_POST
@editor_required
def member_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The kept or ended membership becomes active again: the same record and card number."""
    member = selectors.member_get(user=request.user, pk=pk)
    form = ReturnForm(request.POST, union=member.union)
    if not form.is_valid():
        messages.error(request, _("The date is not valid."))
        return redirect("member_detail", pk=member.pk)
    try:
        services.member_return(member=member, by=request.user,
                               version=form.cleaned_data["version"], on=form.cleaned_data["on"],
                               employer=form.cleaned_data["employer"])
    except (ConflictError, ValidationError) as exc:
        _refusal(request, exc)
        return redirect("member_detail", pk=member.pk)
    messages.success(request, _("%(name)s is an active member again.") % {"name": member.name})
    return redirect("member_detail", pk=member.pk)


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    """查询人员 in the user's area: name, phone or card number by GET; a full ID by POST only,
    so it never reaches a URL, a log line or the browser's history."""
    q = search_term(request)
    results = person_find(user=request.user, term=q) if q else []
    id_form, id_errors, by_id = PersonIdForm(request.POST or None), [], False
    if request.method == "POST":
        if id_form.is_valid():
            by_id = True
            try:
                results = person_find_by_id(user=request.user,
                                            resident_id=id_form.cleaned_data["resident_id"])
            except LookupLimitReached as exc:
                id_errors = exc.messages
        else:
            id_errors = id_form.errors.get("resident_id", [])
    # The typed ID is not echoed back into the page: a fresh field, the errors beside it.
    response = render(request, "members/person_search.html", {
        "q": q, "id_form": PersonIdForm(), "id_errors": id_errors, "results": results,
        "searched": bool(q) or by_id,
    })
    if request.method == "POST":
        add_never_cache_headers(response)
    return response
