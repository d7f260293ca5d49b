"""Who may read /metrics and the details of /readyz: the internal network, or a bearer token."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _networks() -> list:
    return [ipaddress.ip_network(cidr, strict=False) for cidr in settings.METRICS_ALLOWED_CIDRS]


def is_internal(request: HttpRequest) -> bool:
    """A caller with the metrics token, or one connecting straight from an allowed network.

    A request that came through the reverse proxy (it carries X-Forwarded-For) is never internal
    by address, even though the proxy itself connects from inside: that is how outside clients
    arrive.
    """
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and given.startswith("Bearer "):
        return hmac.compare_digest(given[7:].strip().encode(), token.encode())
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _networks())
