"""REST API (DRF), scoped through the selectors: members, with resident IDs masked."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import pagination, serializers, viewsets

from members import selectors
from members.identity import birth_month
from members.models import Member
from organizations.filters import employers_in_scope, scoped_choice_filter, unions_in_scope


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


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name, last digits of ID, or phone"))
    # Choices from the caller's scope only: see organizations.filters.
    union = scoped_choice_filter(unions_in_scope)
    employer = scoped_choice_filter(employers_in_scope)

    class Meta:
        model = Member
        fields = ["union", "employer", "status", "is_migrant", "new_form_category", "eight_group"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            pk__in=selectors.member_list(user=self.request.user, search=value).values("pk")
        )


class MemberPagination(pagination.CursorPagination):
    """No COUNT and no OFFSET: a city's 2.67 million members page as fast as a union's."""

    ordering = "id"
    page_size = 50


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Members of the grassroots unions in the caller's subtree."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    pagination_class = MemberPagination

    def get_queryset(self):
        return selectors.member_list(user=self.request.user)


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("members", MemberViewSet, basename="member")
