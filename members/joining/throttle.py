"""Throttling of the public pages: per client address and per resident ID, in Django's cache.

The public pages have no user, so the per-user allowance of `members.lookups` does not apply.
Each attempt is counted whether or not it succeeds or the ID is known, so a refusal says
nothing about membership. Cache keys carry a keyed hash of the ID, never the ID itself.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from unionreg.lockout import client_ip


def id_digest(resident_id: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"join-id:" + resident_id.encode(), hashlib.sha256).hexdigest()[:32]


def _hit(key: str, limit: int, timeout: int) -> bool:
    """Count one attempt; whether it is within the limit."""
    cache.add(key, 0, timeout=timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        count = 1
    return count <= limit


def address_allows(request: HttpRequest, *, what: str) -> bool:
    """Per address and hour: JOIN_LIMIT_PER_ADDRESS_PER_HOUR attempts of each kind."""
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"join:addr:{what}:{client_ip(request) or '-'}:{hour}"
    return _hit(key, settings.JOIN_LIMIT_PER_ADDRESS_PER_HOUR, 3600)


def id_allows(resident_id: str, *, what: str) -> bool:
    """Per resident ID and day: JOIN_LIMIT_PER_ID_PER_DAY attempts of each kind."""
    day = timezone.now().strftime("%Y%m%d")
    key = f"join:id:{what}:{id_digest(resident_id)}:{day}"
    return _hit(key, settings.JOIN_LIMIT_PER_ID_PER_DAY, 86400)
