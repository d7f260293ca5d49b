"""The 400 answer for requests Django refuses before any view runs (a bad Host header, a
malformed body): under /api/ it is JSON like every other API error, not an HTML page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Under /api/ a JSON 404 even for an address no pattern matches (one with a newline in it
    slips past the API's own catch-all, whose `.` stops at line ends)."""
    if request.path.startswith("/api/"):
        from rest_framework.exceptions import NotFound

        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
