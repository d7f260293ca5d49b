"""API tokens from the shell: issue one to a staff account, list them, revoke one.

    manage.py api_token issue USERNAME --name "HR system" [--days 90]
    manage.py api_token list [USERNAME]
    manage.py api_token revoke TOKEN_ID
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api import tokens
from api.models import ApiToken


class Command(BaseCommand):
    help = "Issue, list or revoke API tokens of staff accounts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue")
        issue.add_argument("username")
        issue.add_argument("--name", required=True)
        issue.add_argument("--days", type=int, default=90)
        listing = sub.add_parser("list")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _issue(self, *, username: str, name: str, days: int, **_):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        try:
            token, key = tokens.token_issue(user=user, name=name, days=days, by=None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"token {token.pk} for {username}, expires {token.expires_at:%Y-%m-%d}")
        self.stdout.write("the key is shown once; keep it in the integration's secret store:")
        self.stdout.write(key)

    def _list(self, *, username: str | None = None, **_):
        qs = ApiToken.objects.select_related("user")
        if username:
            qs = qs.filter(user__username=username)
        for t in qs:
            state = "revoked" if t.revoked_at else ("usable" if t.is_usable else "expired")
            self.stdout.write(f"{t.pk:>5}  {t.user.username:<20} {t.name:<30} {t.prefix}…  "
                              f"expires {t.expires_at:%Y-%m-%d}  {state}")

    def _revoke(self, *, token_id: int, **_):
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"no token {token_id}")
        tokens.token_revoke(token=token, by=None)
        self.stdout.write(f"token {token_id} revoked")
