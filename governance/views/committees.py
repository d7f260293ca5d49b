"""换届: the due list of a federation, a union's committee and its history, elections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import selectors, services
from governance.forms import ElectionForm, OfficerAddForm, OfficerEndForm, slate_formset
from governance.views.common import node_context
from organizations.web import call_service, editor_required, paginate, search_term


@login_required
def governance_home(request: HttpRequest) -> HttpResponse:
    node = selectors.default_node(user=request.user)
    if node is None:
        raise Http404
    return redirect("governance_node", pk=node.pk)


@login_required
def node_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """A node's 换届 list: terms ending within 90 days or ended, most overdue first."""
    node = selectors.node_get(user=request.user, pk=pk)
    if node.is_grassroots:
        return redirect("governance_union", pk=node.pk)
    today = timezone.localdate()
    q = search_term(request)
    return render(request, "governance/node_overview.html", {
        **node_context(request.user, node, "elections"),
        "page": paginate(request, selectors.elections_due(user=request.user, node=node,
                                                          today=today), 50),
        "share": selectors.committee_share(node, today=today),
        "without_committee": selectors.unions_without_committee(node),
        "q": q,
        "found": selectors.unions_in(user=request.user, node=node, search=q)[:30] if q else None,
    })


@login_required
def union_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A union's committee, its history of terms and elections, ratings and stipends."""
    union = selectors.node_get(user=request.user, pk=pk)
    history = selectors.committee_history(user=request.user, union=union)
    return render(request, "governance/union_page.html", {
        **node_context(request.user, union, "union"),
        "union": union,
        "current": next((c for c in history if c.is_current), None),
        "history": [c for c in history if not c.is_current],
        "ratings": selectors.home_ratings_of(user=request.user, union=union),
        "today": timezone.localdate(),
        "end_form": OfficerEndForm(initial={"end_on": timezone.localdate()}),
    })


@editor_required
def election_new(request: HttpRequest, pk: int) -> HttpResponse:
    """换届选举: the date, the term and the elected officers; the old committee is kept."""
    union = selectors.node_get(user=request.user, pk=pk)
    form = ElectionForm(request.POST or None)
    slate = slate_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and slate.is_valid():
        election = call_service(form, lambda: services.election_record(
            union=union, by=request.user, officers=slate.officers(), **form.cleaned_data))
        if election is not None:
            messages.success(request, _("Election of %(date)s recorded.") % {
                "date": election.held_on.isoformat()})
            return redirect("governance_union", pk=union.pk)
    return render(request, "governance/election_form.html", {
        **node_context(request.user, union, "union"), "union": union, "form": form,
        "slate": slate,
        "current": selectors.committee_current(user=request.user, union=union),
    })


@editor_required
def officer_add(request: HttpRequest, pk: int) -> HttpResponse:
    union = selectors.node_get(user=request.user, pk=pk)
    committee = selectors.committee_current(user=request.user, union=union)
    if committee is None:
        messages.error(request, _("Record an election first: the union has no committee."))
        return redirect("governance_union", pk=union.pk)
    form = OfficerAddForm(request.POST or None, initial={"start_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        officer = call_service(form, lambda: services.officer_add(
            committee=committee, by=request.user, **form.cleaned_data))
        if officer is not None:
            messages.success(request, _("%(name)s added.") % {"name": officer.name})
            return redirect("governance_union", pk=union.pk)
    return render(request, "governance/officer_form.html", {
        **node_context(request.user, union, "union"), "union": union, "form": form})


@require_POST
@editor_required
def officer_end(request: HttpRequest, pk: int) -> HttpResponse:
    officer = selectors.officer_get(user=request.user, pk=pk)
    union = officer.committee.union
    form = OfficerEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The date is not valid."))
        return redirect("governance_union", pk=union.pk)
    try:
        services.officer_end(officer=officer, on=form.cleaned_data["end_on"], by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role of %(name)s has ended.") % {"name": officer.name})
    return redirect("governance_union", pk=union.pk)

