"""REST API (DRF) of members, scoped through the selectors; writes through members.services.

Resident IDs are masked for every role here: the API offers no full-ID read (that is a
deliberate, audited act of an administrator on the member's page). A full ID goes in (POST,
or PATCH to change it) and never comes back out.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from members import selectors, services
from members.identity import birth_month
from members.models import Member
from organizations import selectors as org_selectors
from organizations.api_support import (
    EditorWrites,
    ReplicaBulkReads,
    ScopedField,
    SyncCursorPagination,
    UpdatedSinceFilter,
    VersionedWrites,
    if_match_version,
)
from organizations.filters import employers_in_scope, scoped_choice_filter, unions_in_scope

MEMBER_FIELDS = [
    "name", "phone", "employer", "joined_on", "is_migrant", "new_form_category", "eight_group",
]


def _grassroots_in_scope(user):
    return org_selectors.union_list(user=user).grassroots()


class MemberSerializer(serializers.ModelSerializer):
    # The full ID never leaves through the API; the masked form is enough to tell people apart.
    resident_id_masked = serializers.CharField(source="masked_resident_id", read_only=True)
    # Year and month only: the full birth date is exactly the 8 digits the mask hides.
    birth_month = serializers.SerializerMethodField(help_text="YYYY-MM")

    class Meta:
        model = Member
        fields = [
            "id", "name", "resident_id_masked", "gender", "birth_month", "phone", "union",
            "employer", "joined_on", "left_on", "is_migrant", "new_form_category",
            "eight_group", "status", "version", "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_birth_month(self, member: Member) -> str:
        return birth_month(member.birth_date)


class MemberWriteSerializer(serializers.ModelSerializer):
    """A new member (POST) or a change (PATCH): what member_create / member_update take."""

    union = ScopedField(_grassroots_in_scope, help_text=_("The grassroots union (POST only)."))
    resident_id = serializers.CharField(
        write_only=True, max_length=40,
        help_text=_("The full resident ID; on PATCH only to change it. Never read back."))
    employer = ScopedField(lambda user: org_selectors.employer_list(user=user),
                           allow_null=True, required=False)

    class Meta:
        model = Member
        fields = ["union", "resident_id", *MEMBER_FIELDS]
        validators = []  # the services check the one-membership rule, in their own words

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields.pop("union")  # a member moves by transfer, not by edit
        return fields

    def validate_resident_id(self, value: str) -> str:
        return "".join(value.split()).upper()


class LeaveSerializer(serializers.Serializer):
    left_on = serializers.DateField(required=False, allow_null=True)


class TransferSerializer(serializers.Serializer):
    to_union = ScopedField(_grassroots_in_scope)
    on = serializers.DateField(required=False, allow_null=True)


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name, last digits of ID, or phone"))
    # Choices from the caller's scope only: see organizations.filters.
    union = scoped_choice_filter(unions_in_scope)
    employer = scoped_choice_filter(employers_in_scope)
    within = scoped_choice_filter(unions_in_scope, method="filter_within", subtree=True,
                                  label=_("Members anywhere under this node"))
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Member
        fields = ["union", "employer", "status", "is_migrant", "new_form_category", "eight_group"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            pk__in=selectors.member_list(user=self.request.user, search=value).values("pk")
        )

    def filter_within(self, queryset, name, value):
        return queryset.within(value)


@extend_schema_view(
    create=extend_schema(responses={201: MemberSerializer}),
    partial_update=extend_schema(responses={200: MemberSerializer}),
)
class MemberViewSet(ReplicaBulkReads, VersionedWrites, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                    viewsets.ReadOnlyModelViewSet):
    """Members of the grassroots unions in the caller's subtree, by cursor pages (incremental
    sync with `updated_since`). Resident IDs are masked for every role."""

    serializer_class = MemberSerializer
    write_serializer_class = MemberWriteSerializer
    filterset_class = MemberFilter
    pagination_class = SyncCursorPagination
    permission_classes = [EditorWrites]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.member_list(user=self.request.user)

    def get_serializer_class(self):
        return {"leave": LeaveSerializer, "transfer": TransferSerializer}.get(
            self.action) or super().get_serializer_class()

    def perform_write(self, member, data, version=None):
        if member is None:
            return services.member_create(union=data.pop("union"), by=self.request.user, **data)
        return services.member_update(member=member, by=self.request.user, version=version,
                                      **data)

    @extend_schema(request=LeaveSerializer, responses={200: MemberSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """退会: the membership ends and stays in the history."""
        member = self.get_object()
        version = if_match_version(request)
        serializer = LeaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        left = services.member_leave(member=member, by=request.user, version=version,
                                     on=serializer.validated_data.get("left_on"))
        return self._read(left)

    @extend_schema(request=TransferSerializer, responses={201: MemberSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        """会员关系接转: a new membership in `to_union`; the old one stays, transferred out.
        The answer is the new membership, with its own id and ETag."""
        member = self.get_object()
        version = if_match_version(request)
        serializer = TransferSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        moved = services.member_transfer(
            member=member, to_union=serializer.validated_data["to_union"], by=request.user,
            on=serializer.validated_data.get("on"), version=version)
        return self._read(moved, status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("members", MemberViewSet, basename="member")
