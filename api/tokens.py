"""Issuing and revoking API tokens (writes: one transaction, an audit entry), and the DRF
authentication that accepts them."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.models import PREFIX_LEN, ApiToken, token_digest
from organizations.audit import audit
from organizations.models import StaffAccount
from organizations.scope import is_admin, is_within

KEY_START = "urt_"
MAX_DAYS = 366
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # one write a minute, not one per request


def _check_issuer(by: AbstractBaseUser | None, staff: StaffAccount) -> None:
    """An administrator may issue tokens for accounts in their area; `by=None` is the shell."""
    if by is None:
        return
    if not is_admin(by):
        raise PermissionDenied
    if not is_within(by, staff.node):
        raise PermissionDenied


@transaction.atomic
def token_issue(
    *, user: AbstractBaseUser, name: str, days: int, by: AbstractBaseUser | None
) -> tuple[ApiToken, str]:
    """A new token for a staff account; the key is returned once and never stored."""
    staff = StaffAccount.objects.select_related("node").filter(user=user).first()
    if staff is None:
        raise ValidationError(_("Tokens are issued to staff accounts only."))
    _check_issuer(by, staff)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name that says who uses it.")})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token is valid for 1 to %(max)d days.") % {"max": MAX_DAYS}})
    key = KEY_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[len(KEY_START):][:PREFIX_LEN],
        digest=token_digest(key), created_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit(by=by, action="api_token.issue", obj=token, node=staff.node,
          data={"name": token.name, "user": user.get_username(), "days": days})
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by: AbstractBaseUser | None) -> ApiToken:
    staff = StaffAccount.objects.select_related("node").filter(user=token.user).first()
    if staff is not None:
        _check_issuer(by, staff)
    elif by is not None and not by.is_superuser:
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(by=by, action="api_token.revoke", obj=token,
              node=staff.node if staff else None, data={"name": token.name})
    return token


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`). An unknown, expired or revoked token
    is refused with 401, never treated as anonymous."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        return self.authenticate_key(key)

    def authenticate_key(self, key: str):
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return "Token"
