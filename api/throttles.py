"""Request rates of the API: per token (integrations) and per user (token or session).

Counted in Django's cache: shared by every process when the cache is Redis (REDIS_URL),
per process otherwise. Rates come from settings (API_RATE_TOKEN, API_RATE_USER).
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from api.models import ApiToken


class _SettingsRate:
    """The rate read from the settings at each request (DRF reads it once, at import)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_SettingsRate, SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None  # a browser session: only the per-user rate applies
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class PerUserRateThrottle(_SettingsRate, UserRateThrottle):
    """Every request of a signed-in user, whichever way they signed in."""

    scope = "user"
