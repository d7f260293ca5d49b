"""Choices of the API's filters, taken from the caller's scope (used by every app's api.py)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from organizations import selectors
from organizations.models import Employer, Union


def unions_in_scope(request) -> QuerySet[Union]:
    """Choices of a union filter: only the caller's subtree. The browsable API's filter form lists
    no other names, and an id outside the scope fails as "not a valid choice", word for word the
    answer to an id that does not exist, so the filter cannot tell whether it exists."""
    if request is None:  # schema generation
        return Union.objects.none()
    return selectors.union_list(user=request.user).order_by("path")


def employers_in_scope(request) -> QuerySet[Employer]:
    """Choices of an employer filter: as unions_in_scope, for employers."""
    if request is None:
        return Employer.objects.none()
    return selectors.employer_list(user=request.user).order_by("name", "pk")


def scoped_choice_filter(queryset, **kwargs) -> django_filters.ModelChoiceFilter:
    """A filter by id whose valid choices are the caller's scope. The browsable API shows a plain
    id box, not a <select>: a city's 66,000 employers would make every list page megabytes."""
    return django_filters.ModelChoiceFilter(queryset=queryset, widget=forms.NumberInput, **kwargs)
