"""Choices of the API's filters, taken from the caller's scope (used by every app's api.py)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

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


@extend_schema_field(OpenApiTypes.INT)
class SubtreeFilter(django_filters.ModelChoiceFilter):
    """A node id whose subtree the filter's method selects (not a column of the model)."""


def scoped_choice_filter(queryset, *, subtree: bool = False, **kwargs) -> django_filters.ModelChoiceFilter:
    """A filter by id whose valid choices are the caller's scope. The browsable API shows a plain
    id box, not a <select>: a city's 66,000 employers would make every list page megabytes."""
    cls = SubtreeFilter if subtree else django_filters.ModelChoiceFilter
    return cls(queryset=queryset, widget=forms.NumberInput, **kwargs)
