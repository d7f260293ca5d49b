"""REST API (DRF) of the tree and employers, scoped through the selectors; writes through the
services (建会, employers), each object's version as its ETag."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from organizations import selectors, services
from organizations.api_support import (
    EditorWrites,
    ReplicaBulkReads,
    ScopedField,
    SyncCursorPagination,
    UpdatedSinceFilter,
    VersionedWrites,
)
from organizations.facts import EMPLOYER_FACT_FIELDS, UNION_SURVEY_FIELDS
from organizations.filters import scoped_choice_filter, unions_in_scope
from organizations.models import Employer, IndustryFederation, Level, Union
from organizations.scope import is_admin

UNION_FIELDS = [
    "name", "formation", "founded_on", "status", "chair_name", "chair_phone",
    "has_workers_congress", "has_open_management", "industry_federation", "credit_code",
    "area_code", *UNION_SURVEY_FIELDS,
]


class UnionSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    # The name, for reading; writes take the id (industry_federation_id here).
    industry_federation = serializers.StringRelatedField(allow_null=True)
    industry_federation_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Union
        fields = ["id", "level", "parent", "depth", *UNION_FIELDS, "industry_federation_id",
                  "version", "updated_at"]


class UnionWriteSerializer(serializers.ModelSerializer):
    """建会登记 (POST) or a change (PATCH): the fields union_create / union_update take."""

    parent = ScopedField(
        lambda user: selectors.federation_list(user=user), write_only=True,
        help_text=_("The federation the new node hangs under (POST only)."))
    level = serializers.ChoiceField(Level.choices, default=Level.GRASSROOTS, write_only=True)
    industry_federation = serializers.PrimaryKeyRelatedField(
        queryset=IndustryFederation.objects.all(), allow_null=True, required=False)
    employers = ScopedField(
        lambda user: selectors.employer_list(user=user), many=True, required=False,
        write_only=True, help_text=_("Employers a grassroots union covers (all of them)."))

    class Meta:
        model = Union
        fields = ["parent", "level", *UNION_FIELDS, "employers"]
        # The services validate the model (tiers, formation, credit code) in their own words.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # PATCH: the node stays where it is
            fields.pop("parent")
            fields.pop("level")
        for field in fields.values():
            field.validators = [v for v in field.validators if not hasattr(v, "queryset")]
        return fields


class UnionFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    below = scoped_choice_filter(unions_in_scope, method="filter_below", subtree=True,
                                 label=_("Only nodes under this node id"))

    class Meta:
        model = Union
        fields = ["level", "formation", "status", "industry_federation", "area_code"]

    def filter_below(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path).exclude(pk=value.pk)


def _require_admin_for_federations(user, level: str) -> None:
    """Federations reshape the tree: administrators only, as on the pages."""
    if level != Level.GRASSROOTS and not is_admin(user):
        raise PermissionDenied(_("Only an administrator may create or change a federation."))


@extend_schema_view(
    create=extend_schema(responses={201: UnionSerializer}),
    partial_update=extend_schema(responses={200: UnionSerializer}),
)
class UnionViewSet(VersionedWrites, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                   viewsets.ReadOnlyModelViewSet):
    """Union tree nodes, from the caller's node down. POST registers a node (建会登记: a
    grassroots union with the employers it covers; federations by administrators only)."""

    serializer_class = UnionSerializer
    write_serializer_class = UnionWriteSerializer
    filterset_class = UnionFilter
    permission_classes = [EditorWrites]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.union_list_with_parent(user=self.request.user)

    def perform_write(self, union, data, version=None):
        user = self.request.user
        employers = data.pop("employers", None)
        if union is None:
            _require_admin_for_federations(user, data["level"])
            return services.union_create(
                parent=data.pop("parent"), level=data.pop("level"), by=user,
                employers=employers or (), **data)
        _require_admin_for_federations(user, union.level)
        return services.union_update(union=union, by=user, version=version,
                                     employers=employers, **data)


class EmployerSerializer(serializers.ModelSerializer):
    node = ScopedField(lambda user: selectors.federation_list(user=user))

    class Meta:
        model = Employer
        fields = [
            "id", "name", "credit_code", "ownership", "industry", "node", "employees",
            "migrant_employees", "union", "no_union_reason", "no_union_note",
            *EMPLOYER_FACT_FIELDS, "version", "updated_at",
        ]
        read_only_fields = ["union", "version", "updated_at"]
        # Given an economic type alone, the service derives the ownership it allows.
        extra_kwargs = {"ownership": {"required": False}}
        validators = []  # employer_create / employer_update validate, in their own words

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.validators = [v for v in field.validators if not hasattr(v, "queryset")]
        return fields


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or start of the credit code"))
    uncovered = django_filters.BooleanFilter(field_name="union", lookup_expr="isnull")
    union = scoped_choice_filter(unions_in_scope)
    node = scoped_choice_filter(unions_in_scope)
    within = scoped_choice_filter(unions_in_scope, method="filter_within", subtree=True,
                                  label=_("Employers anywhere under this node"))
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Employer
        fields = ["ownership", "union", "node", "no_union_reason", "industry_section",
                  "economic_type", "size_class", "special_kind", "above_designated_size"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            pk__in=selectors.employer_list(user=self.request.user, search=value).values("pk")
        )

    def filter_within(self, queryset, name, value):
        return queryset.within(value)


@extend_schema_view(create=extend_schema(responses={201: EmployerSerializer}))
class EmployerViewSet(ReplicaBulkReads, VersionedWrites, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    """Employers located in the caller's subtree, by cursor pages (incremental sync with
    `updated_since`)."""

    serializer_class = EmployerSerializer
    write_serializer_class = EmployerSerializer
    filterset_class = EmployerFilter
    pagination_class = SyncCursorPagination
    permission_classes = [EditorWrites]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.employer_list(user=self.request.user)

    def perform_write(self, employer, data, version=None):
        if employer is None:
            return services.employer_create(by=self.request.user, **data)
        return services.employer_update(employer=employer, by=self.request.user,
                                        version=version, **data)


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("unions", UnionViewSet, basename="union")
    router.register("employers", EmployerViewSet, basename="employer")
