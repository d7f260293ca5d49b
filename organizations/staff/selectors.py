"""Reads of staff accounts: an administrator sees the accounts of their own subtree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from organizations.models import StaffAccount, Union
from organizations.scope import is_admin, scope_of
from organizations.selectors import federation_list


def staff_manageable(*, user: AbstractBaseUser, search: str = "") -> QuerySet[StaffAccount]:
    """The accounts `user` may manage: those attached within the user's subtree.

    Never the user's own account (an administrator cannot raise or move themselves), and never
    a superuser's (those are managed in the Django admin by superusers only).
    """
    scope = scope_of(user)
    if scope is None or not is_admin(user):
        return StaffAccount.objects.none()
    qs = (
        StaffAccount.objects.filter(node__path__startswith=scope.path)
        .exclude(user=user)
        .exclude(user__is_superuser=True)
        .select_related("user", "node")
        .order_by("node__path", "user__username")
    )
    return qs.filter(user__username__icontains=search) if search else qs


def staff_get(*, user: AbstractBaseUser, pk: int) -> StaffAccount:
    """404 outside the manageable accounts: another area's accounts must not be seen to exist."""
    return get_object_or_404(staff_manageable(user=user), pk=pk)


def staff_nodes(*, user: AbstractBaseUser) -> QuerySet[Union]:
    """The nodes an account may be attached to: the federations of the user's subtree."""
    return federation_list(user=user)
