"""REST API (DRF), scoped through the selectors: read-only lists and details."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from organizations import selectors
from organizations.filters import scoped_choice_filter, unions_in_scope
from organizations.models import Employer, Union


class UnionSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    industry_federation = serializers.StringRelatedField()

    class Meta:
        model = Union
        fields = [
            "id", "name", "level", "formation", "status", "founded_on", "parent", "depth",
            "chair_name", "chair_phone", "has_workers_congress", "has_open_management",
            "industry_federation", "credit_code", "version", "updated_at",
        ]


class UnionFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    below = django_filters.NumberFilter(
        method="filter_below", label=_("Only nodes under this node id")
    )

    class Meta:
        model = Union
        fields = ["level", "formation", "status", "industry_federation"]

    def filter_below(self, queryset, name, value):
        node = selectors.union_get(user=self.request.user, pk=int(value))
        return queryset.filter(path__startswith=node.path).exclude(pk=node.pk)


class UnionViewSet(viewsets.ReadOnlyModelViewSet):
    """Union tree nodes, from the caller's node down."""

    serializer_class = UnionSerializer
    filterset_class = UnionFilter

    def get_queryset(self):
        return selectors.union_list_with_parent(user=self.request.user)


class EmployerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employer
        fields = [
            "id", "name", "credit_code", "ownership", "industry", "node", "employees",
            "migrant_employees", "union", "no_union_reason", "no_union_note", "version",
            "updated_at",
        ]


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or start of the credit code"))
    uncovered = django_filters.BooleanFilter(field_name="union", lookup_expr="isnull")
    union = scoped_choice_filter(unions_in_scope)
    node = scoped_choice_filter(unions_in_scope)

    class Meta:
        model = Employer
        fields = ["ownership", "union", "node", "no_union_reason"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            pk__in=selectors.employer_list(user=self.request.user, search=value).values("pk")
        )


class EmployerViewSet(viewsets.ReadOnlyModelViewSet):
    """Employers located in the caller's subtree."""

    serializer_class = EmployerSerializer
    filterset_class = EmployerFilter

    def get_queryset(self):
        return selectors.employer_list(user=self.request.user).order_by("name", "pk")


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("unions", UnionViewSet, basename="union")
    router.register("employers", EmployerViewSet, basename="employer")
