"""HTML pages of the tree and employers: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from organizations import selectors, services
from organizations.forms import EmployerForm, FederationForm, UnionForm
from organizations.lifecycle.selectors import approvals_waiting
from organizations.models import Employer, Formation, Level, Union
from organizations.scope import is_admin, scope_of
from organizations.web import call_service, editor_required, paginate, search_term

PICKER_LIMIT = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None:
        # A login without a staff account: nothing to show, and nothing to leak.
        return render(request, "organizations/no_scope.html", status=403)
    return redirect("node_detail", pk=scope.pk)


@login_required
def node_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The tree navigator: a node, its children as an expandable tree (the figures come from
    reports' `reports_tree_children`, fetched by static/js/tree.js: organizations does not read
    the counters), and the grassroots unions below, or those a search finds in the area."""
    node = selectors.union_get(user=request.user, pk=pk)
    if node.is_grassroots:
        return redirect("union_detail", pk=node.pk)
    q = search_term(request)
    # A search looks across the user's whole area (a union is found wherever it hangs);
    # without one, the list is the grassroots unions below this node.
    unions = (selectors.union_search(user=request.user, term=q) if q
              else selectors.grassroots_below(user=request.user, node=node))
    page = paginate(request, unions, 25)
    selectors.unions_count_employers(page.object_list)
    selectors.unions_add_parent_names(user=request.user, unions=page.object_list)
    return render(request, "organizations/node_detail.html", {
        "node": node,
        "breadcrumb": selectors.union_ancestors(user=request.user, node=node),
        "children": selectors.union_children_with_counts(user=request.user, node=node),
        "page": page,
        "q": q,
        "can_add_federation": is_admin(request.user) and node.level != Level.VILLAGE,
        "can_move": is_admin(request.user) and node.level != Level.CITY and node != scope_of(request.user),
        "waiting_count": approvals_waiting(user=request.user, node=node).count(),
    })


def _union_form_page(request: HttpRequest, form: UnionForm, **context) -> HttpResponse:
    return render(request, "organizations/union_form.html", {
        "form": form, "selected": form.selected_employers(), **context,
    })


@editor_required
def union_create(request: HttpRequest, parent_pk: int) -> HttpResponse:
    """建会登记: a grassroots union under a federation, with the employers it covers."""
    parent = selectors.union_get(user=request.user, pk=parent_pk)
    form = UnionForm(
        request.POST or None, user=request.user, instance=Union(level=Level.GRASSROOTS)
    )
    if request.method == "GET":
        _preselect_employer(form, request.GET.get("employer", ""))
    if request.method == "POST" and form.is_valid():
        union = call_service(form, lambda: services.union_create(
            parent=parent, level=Level.GRASSROOTS, by=request.user,
            employers=form.cleaned_data["employers"], **form.service_fields(),
        ))
        if union is not None:
            messages.success(request, _("Union %(name)s registered.") % {"name": union.name})
            return redirect("union_detail", pk=union.pk)
    return _union_form_page(request, form, parent=parent, union=None,
                            breadcrumb=selectors.union_ancestors(user=request.user, node=parent))


def _preselect_employer(form: UnionForm, value: str) -> None:
    """去建会 from the work-list: the employer comes preselected. Only an employer the picker
    would offer (in scope, open, not held by a union) is taken; any other id is ignored."""
    if not value.isdigit() or len(value) > 18:
        return
    employer = form.fields["employers"].queryset.filter(pk=int(value)).first()
    if employer is not None:
        form.fields["employers"].initial = [employer.pk]
        form.fields["formation"].initial = Formation.INDEPENDENT


@editor_required
def union_edit(request: HttpRequest, pk: int) -> HttpResponse:
    union = selectors.union_get(user=request.user, pk=pk)
    if not union.is_grassroots:
        return redirect("node_detail", pk=union.pk)
    form = UnionForm(request.POST or None, user=request.user, instance=union)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: services.union_update(
            union=union, by=request.user, version=form.cleaned_data["version"],
            employers=form.cleaned_data["employers"], **form.service_fields(),
        ))
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("union_detail", pk=union.pk)
    return _union_form_page(request, form, parent=None, union=union,
                            breadcrumb=selectors.union_ancestors(user=request.user, node=union))


@editor_required
def federation_create(request: HttpRequest, parent_pk: int) -> HttpResponse:
    """A county/township/village federation: admins only, since it reshapes the tree."""
    if not is_admin(request.user):
        raise PermissionDenied
    parent = selectors.union_get(user=request.user, pk=parent_pk)
    form = FederationForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        level = fields.pop("level")
        node = call_service(form, lambda: services.union_create(
            parent=parent, level=level, by=request.user, **fields))
        if node is not None:
            messages.success(request, _("%(name)s created.") % {"name": node.name})
            return redirect("node_detail", pk=node.pk)
    return render(request, "organizations/federation_form.html", {
        "form": form, "parent": parent,
        "breadcrumb": selectors.union_ancestors(user=request.user, node=parent),
    })


@login_required
def employer_choices(request: HttpRequest) -> JsonResponse:
    """The picker's search: employers the union may cover, within the user's scope."""
    union = None
    if request.GET.get("union", "").isdigit():
        union = selectors.union_get(user=request.user, pk=int(request.GET["union"]))
    employers = selectors.employer_picker_choices(
        user=request.user, union=union, search=search_term(request), limit=PICKER_LIMIT)
    results = [
        {"id": e.pk, "name": e.name, "credit_code": e.credit_code, "node": e.node.name,
         "employees": e.employees}
        for e in employers
    ]
    return JsonResponse({"results": results})


@login_required
def employer_list(request: HttpRequest) -> HttpResponse:
    q = search_term(request)
    uncovered = bool(request.GET.get("uncovered"))
    employers = selectors.employer_directory(user=request.user, search=q, uncovered_only=uncovered)
    return render(request, "organizations/employer_list.html", {
        "page": paginate(request, employers, 50),
        "q": q,
        "uncovered": uncovered,
    })


@editor_required
def employer_create(request: HttpRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None, user=request.user, initial=_initial_node(request))
    if request.method == "POST" and form.is_valid():
        employer = call_service(
            form, lambda: services.employer_create(by=request.user, **form.service_fields()))
        if employer is not None:
            messages.success(request, _("Employer %(name)s added.") % {"name": employer.name})
            return redirect(_employer_return(request, employer))
    return render(request, "organizations/employer_form.html", {"form": form, "employer": None})


def _initial_node(request: HttpRequest) -> dict:
    """Coming from a node page, the new employer is placed there unless changed."""
    node = request.GET.get("node", "")
    return {"node": int(node)} if node.isdigit() else {}


def _employer_return(request: HttpRequest, employer: Employer) -> str:
    return f"{reverse('employer_list')}?q={employer.credit_code}"


@editor_required
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, pk=pk)
    form = EmployerForm(request.POST or None, user=request.user, instance=employer)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: services.employer_update(
            employer=employer, by=request.user, version=form.cleaned_data["version"],
            **form.service_fields(),
        ))
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_employer_return(request, employer))
    return render(request, "organizations/employer_form.html", {"form": form, "employer": employer})
