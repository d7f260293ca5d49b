"""HTML pages of a grassroots union's roster and its members: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import selectors, services
from members.forms import LeaveForm, MemberForm, TransferForm
from members.models import Member
from organizations import selectors as org_selectors
from organizations.concurrency import ConflictError
from organizations.models import Union
from organizations.scope import is_admin
from organizations.web import call_service, editor_required, paginate, search_term

ROSTER_PAGE_SIZE = 50


@login_required
def union_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A grassroots union: its facts, the employers it covers, and its roster."""
    union = org_selectors.union_get(user=request.user, pk=pk)
    if not union.is_grassroots:
        return redirect("node_detail", pk=union.pk)
    q = search_term(request)
    show_all = request.GET.get("status") == "all"
    roster = selectors.member_list(
        user=request.user, node=union, search=q, active_only=not show_all
    )
    return render(request, "members/union_detail.html", {
        "union": union,
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=union),
        "employers": org_selectors.union_employers(user=request.user, union=union),
        "page": paginate(request, roster, ROSTER_PAGE_SIZE),
        "q": q,
        "show_all": show_all,
    })


def _member_form_page(request: HttpRequest, form: MemberForm, union: Union,
                      member: Member | None) -> HttpResponse:
    return render(request, "members/member_form.html", {
        "form": form, "union": union, "member": member,
        "can_show_full_id": member is not None and is_admin(request.user),
        "leave_form": LeaveForm(initial={"version": member.version}) if member else None,
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=union),
    })


@editor_required
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    union = org_selectors.union_get(user=request.user, pk=pk)
    if not union.is_grassroots:
        raise Http404  # members belong to grassroots unions; a federation has no roster
    form = MemberForm(request.POST or None, union=union,
                      initial={"joined_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        member = call_service(form, lambda: services.member_create(
            union=union, by=request.user, **form.service_fields()))
        if member is not None:
            messages.success(request, _("Member %(name)s added.") % {"name": member.name})
            if "add_another" in request.POST:
                return redirect("member_create", pk=union.pk)
            return redirect("union_detail", pk=union.pk)
    return _member_form_page(request, form, union, None)


@editor_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, pk=pk)
    form = MemberForm(request.POST or None, union=member.union, instance=member)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: services.member_update(
            member=member, by=request.user, version=form.cleaned_data["version"],
            **form.service_fields(),
        ))
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("union_detail", pk=member.union_id)
    return _member_form_page(request, form, member.union, member)


@require_POST
@login_required
def member_full_id(request: HttpRequest, pk: int) -> HttpResponse:
    """显示完整身份证号: administrators of the member's area only, by POST, recorded.

    403 for other roles (as for every write: it does not depend on the member), 404 outside
    the scope; the answer must not be kept by any cache.
    """
    if not is_admin(request.user):
        raise PermissionDenied
    member = selectors.member_get(user=request.user, pk=pk)
    response = JsonResponse({"resident_id": services.member_full_id_show(
        member=member, by=request.user)})
    add_never_cache_headers(response)
    return response


@require_POST
@editor_required
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """退会: the membership ends but stays in the roster's history."""
    member = selectors.member_get(user=request.user, pk=pk)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        # A missing version is a conflict (VersionField says so), not a bad date.
        messages.error(request, " ".join(form.errors.get("version", [])) or _("The date is not valid."))
        return redirect("member_detail", pk=member.pk)
    try:
        services.member_leave(member=member, by=request.user, version=form.cleaned_data["version"],
                              on=form.cleaned_data["left_on"], reason=form.cleaned_data["reason"],
                              kind=form.cleaned_data["kind"] or "leave")
    except (ConflictError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("member_detail", pk=member.pk)
    messages.success(request, _("%(name)s has left the union.") % {"name": member.name})
    return redirect("union_detail", pk=member.union_id)


TRANSFER_CHOICES = 20


@editor_required
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """会员关系接转 to another grassroots union in the user's area; history is kept."""
    member = selectors.member_get(user=request.user, pk=pk)
    form = TransferForm(request.POST or None, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        to_union = org_selectors.union_get(user=request.user, pk=form.cleaned_data["to_union"])
        moved = call_service(form, lambda: services.member_transfer(
            member=member, to_union=to_union, by=request.user,
            on=form.cleaned_data["on"], version=form.cleaned_data["version"],
        ))
        if moved is not None:
            messages.success(request, _("%(name)s was transferred to %(union)s.") % {
                "name": member.name, "union": to_union.name})
            return redirect("union_detail", pk=to_union.pk)
    q = search_term(request)
    candidates = selectors.transfer_destinations(
        user=request.user, member=member, search=q, limit=TRANSFER_CHOICES) if q else None
    return render(request, "members/member_transfer.html", {
        "member": member, "union": member.union, "form": form, "q": q,
        "candidates": candidates,
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=member.union),
    })
