"""Reads of API tokens for the administrators' page: the tokens of the accounts they manage.

The scope is that of the staff accounts page (organizations.staff.selectors.staff_manageable):
an administrator sees and handles the tokens of accounts attached within their subtree, not
their own (a token acts as its account: one more administrator above issues those) and not a
superuser's. Anyone else sees none; outside the scope a token answers 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from api.models import ApiToken
from organizations.staff.selectors import staff_manageable


def token_list(*, user: AbstractBaseUser, search: str = "") -> QuerySet[ApiToken]:
    qs = (
        ApiToken.objects.filter(user__staff__in=staff_manageable(user=user))
        .select_related("user", "user__staff__node", "created_by")
        .order_by("-created_at", "-pk")
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(user__username__icontains=search))
    return qs


def token_get(*, user: AbstractBaseUser, pk: int) -> ApiToken:
    """404 outside the scope: another area's tokens must not be seen to exist."""
    return get_object_or_404(token_list(user=user), pk=pk)
