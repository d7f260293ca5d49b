"""Login lockout (django-axes): whose address a failure counts against, and the page shown."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client, as the outermost of TRUSTED_PROXY_COUNT proxies saw it.

    Each proxy appends the address it received from to X-Forwarded-For, so with N trusted
    proxies the Nth entry from the right is the client's; anything left of it the client may have
    written itself. With no trusted proxy the header is ignored: a client choosing its own address
    would walk around the per-address lockout. (django-ipware's proxy count expects the proxies'
    own addresses in the header too, and answers None for the usual one-proxy setup.)
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    return hops[-count] if len(hops) >= count else remote


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The lockout page: Chinese, in the site's layout, saying how long and whom to ask."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes,
    }, status=429)
