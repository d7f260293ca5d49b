"""职工之家 ratings: counts per node and level for a year, a union's ratings, recording them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import records, selectors
from governance.forms import HomeRatingForm, year_from
from governance.models import HomeLevel
from governance.views.common import node_context
from organizations.web import call_service, editor_required


@login_required
def node_ratings(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(user=request.user, pk=pk)
    default = selectors.home_rating_latest_year(node) or timezone.localdate().year
    year = year_from(request, default)
    return render(request, "governance/node_ratings.html", {
        **node_context(request.user, node, "ratings"), "year": year,
        "levels": HomeLevel.choices,
        "counts": selectors.home_rating_counts(node, year),
        "rows": selectors.home_rating_table(user=request.user, node=node, year=year),
        "ratings": selectors.home_rating_list(user=request.user, node=node, year=year)[:200],
    })


@editor_required
def rating_new(request: HttpRequest, pk: int) -> HttpResponse:
    union = selectors.node_get(user=request.user, pk=pk)
    form = HomeRatingForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        rating = call_service(form, lambda: records.home_rating_record(
            union=union, by=request.user, **form.cleaned_data))
        if rating is not None:
            messages.success(request, _("Rating recorded."))
            return redirect("governance_union", pk=union.pk)
    return render(request, "governance/rating_form.html", {
        **node_context(request.user, union, "union"), "union": union, "form": form,
        "rating": None})


@editor_required
def rating_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rating = selectors.home_rating_get(user=request.user, pk=pk)
    union = rating.union
    initial = {name: getattr(rating, name) for name in HomeRatingForm.base_fields}
    form = HomeRatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: records.home_rating_update(
            rating=rating, by=request.user, **form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("governance_union", pk=union.pk)
    return render(request, "governance/rating_form.html", {
        **node_context(request.user, union, "union"), "union": union, "form": form,
        "rating": rating})
