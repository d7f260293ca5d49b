"""Ending a user's sessions at once, when the account is disabled."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone


def sessions_end(user: AbstractBaseUser) -> int:
    """Delete the user's live sessions from a database-backed session store; return how many.

    The store is keyed by session, not by user, so the live sessions are decoded one by one:
    a registry has thousands of staff sessions, not millions. With a store that cannot be
    listed (cache, signed cookies), Django's own check still logs the user out on the next
    request: ModelBackend.get_user refuses an inactive user.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    uid = str(user.pk)
    keys = [
        row.session_key
        for row in model.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=1000)
        if store().decode(row.session_data).get("_auth_user_id") == uid
    ]
    model.objects.filter(session_key__in=keys).delete()
    return len(keys)
