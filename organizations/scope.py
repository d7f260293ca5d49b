"""Who sees what: every staff account is attached to one node and sees its subtree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from organizations.models import Role, StaffAccount, Union


def staff_of(user: AbstractBaseUser | AnonymousUser) -> StaffAccount | None:
    if not user.is_authenticated:
        return None
    try:
        return user.staff
    except StaffAccount.DoesNotExist:
        return None


def scope_of(user: AbstractBaseUser | AnonymousUser) -> Union | None:
    """The node whose subtree the user may see; None means nothing at all.

    A superuser without a staff account sees the first root (the city federation).
    """
    staff = staff_of(user)
    if staff is not None:
        return staff.node
    if user.is_authenticated and user.is_superuser:
        return Union.objects.get_first_root_node()
    return None


def role_of(user: AbstractBaseUser | AnonymousUser) -> str | None:
    staff = staff_of(user)
    if staff is not None:
        return staff.role
    if user.is_authenticated and user.is_superuser:
        return Role.ADMIN
    return None


def can_edit(user: AbstractBaseUser | AnonymousUser) -> bool:
    return role_of(user) in (Role.EDITOR, Role.ADMIN)


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return role_of(user) == Role.ADMIN


def require_editor(user: AbstractBaseUser | AnonymousUser) -> None:
    if not can_edit(user):
        raise PermissionDenied


def is_within(user: AbstractBaseUser | AnonymousUser, node: Union) -> bool:
    """Whether `node` lies in the user's subtree (the node itself included)."""
    scope = scope_of(user)
    return scope is not None and node.path.startswith(scope.path)


def require_within(user: AbstractBaseUser | AnonymousUser, node: Union) -> None:
    """404, never 403: an object outside the scope must not be seen to exist."""
    if not is_within(user, node):
        raise Http404
