"""账号管理 pages: thin; the selectors scope, the services check and audit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.staff import selectors, services
from organizations.staff.forms import StaffCreateForm, StaffEditForm
from organizations.web import admin_required, call_service, paginate, search_term


@admin_required
def staff_list(request: HttpRequest) -> HttpResponse:
    q = search_term(request)
    page = paginate(request, selectors.staff_manageable(user=request.user, search=q))
    return render(request, "organizations/staff_list.html", {"page": page, "q": q})


@admin_required
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account = call_service(form, lambda: services.staff_create(
            by=request.user, **form.service_fields()))
        if account is not None:
            messages.success(request, _("Account %(name)s created.") % {
                "name": account.user.get_username()})
            return redirect("staff_list")
    return render(request, "organizations/staff_form.html", {"form": form, "account": None})


@admin_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.staff_get(user=request.user, pk=pk)
    form = StaffEditForm(request.POST or None, user=request.user,
                         initial={"node": account.node_id, "role": account.role})
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: services.staff_update(
            by=request.user, account=account, **form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("staff_list")
    return render(request, "organizations/staff_form.html", {"form": form, "account": account})


def _set_active(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    account = selectors.staff_get(user=request.user, pk=pk)
    try:
        services.staff_set_active(by=request.user, account=account, active=active)
    except PermissionDenied:
        messages.error(request, _("This account cannot be changed."))
        return redirect("staff_list")
    name = account.user.get_username()
    if active:
        messages.success(request, _("Account %(name)s enabled.") % {"name": name})
    else:
        messages.success(request, _("Account %(name)s disabled and logged out.") % {"name": name})
    return redirect("staff_list")


@admin_required
@require_POST
def staff_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


@admin_required
@require_POST
def staff_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)
