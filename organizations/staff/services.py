"""Writes of staff accounts: create, re-scope, disable and enable; each audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.audit import audit
from organizations.concurrency import assign_changes
from organizations.models import Role, StaffAccount, Union
from organizations.scope import is_admin, is_within
from organizations.staff.selectors import staff_manageable
from organizations.staff.sessions import sessions_end


def _check_placement(*, by: AbstractBaseUser, node: Union, role: str) -> None:
    """Only an administrator, and only within their own subtree: no account above it."""
    if not is_admin(by):
        raise PermissionDenied
    if not is_within(by, node):
        raise ValidationError({"node": _("Choose a unit within your own area.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})


def _lock_manageable(*, by: AbstractBaseUser, account: StaffAccount) -> StaffAccount:
    # Lock: two administrators may act on the same account at once.
    try:
        return staff_manageable(user=by).select_for_update(of=("self",)).get(pk=account.pk)
    except StaffAccount.DoesNotExist:
        raise PermissionDenied from None


@transaction.atomic
def staff_create(
    *, by: AbstractBaseUser, username: str, password: str, node: Union, role: str
) -> StaffAccount:
    """A new login attached to `node` with `role`; the password passes Django's validators."""
    _check_placement(by=by, node=node, role=role)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    try:
        validate_password(password, user=User(username=username))
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user = User.objects.create_user(username=username, password=password)
    account = StaffAccount.objects.create(user=user, node=node, role=role)
    audit(by=by, action="staff.create", obj=account, node=node,
          data={"username": username, "node": node.name, "role": role})
    return account


@transaction.atomic
def staff_update(
    *, by: AbstractBaseUser, account: StaffAccount, node: Union, role: str
) -> StaffAccount:
    """Move an account to another node of the subtree, or change its role."""
    _check_placement(by=by, node=node, role=role)
    locked = _lock_manageable(by=by, account=account)
    changed = assign_changes(locked, {"node": node, "role": role}, allowed=("node", "role"))
    if changed:
        locked.save(update_fields=list(changed))
        audit(by=by, action="staff.update", obj=locked, node=node, data=changed)
    return locked


@transaction.atomic
def staff_set_active(*, by: AbstractBaseUser, account: StaffAccount, active: bool) -> StaffAccount:
    """Disable (its sessions end at once) or enable again an account of the subtree."""
    if not is_admin(by):
        raise PermissionDenied
    locked = _lock_manageable(by=by, account=account)
    user = get_user_model().objects.select_for_update().get(pk=locked.user_id)
    if user.is_active == active:
        return locked
    user.is_active = active
    user.save(update_fields=["is_active"])
    ended = 0 if active else sessions_end(user)
    audit(by=by, action="staff.enable" if active else "staff.disable", obj=locked,
          node=locked.node, data={"username": user.get_username(), "sessions_ended": ended})
    return locked
