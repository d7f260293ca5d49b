"""/healthz, /readyz and /metrics: for the proxy, the orchestrator and Prometheus, not for people.

No login, no session, no template: they answer before the rest of the middleware runs (see
ops.middleware.ProbeMiddleware), so a wrong Host header or the HTTPS redirect does not turn a
container's own health check into a failure.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from ops.access import is_internal
from ops.health import readiness
from ops.metrics import exposition


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches nothing else, so a database outage does not make
    the orchestrator restart healthy web processes (that is what /readyz reports)."""
    return _no_store(JsonResponse({"status": "ok"}))


def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: database migrated, Redis, worker and beat heartbeats, free disk.

    200 or 503 for everyone; which check failed only for the internal network (or the token).
    """
    ok, results = readiness()
    body: dict = {"status": "ok" if ok else "fail"}
    if is_internal(request):
        body["checks"] = results
    return _no_store(JsonResponse(body, status=200 if ok else 503))


def metrics(request: HttpRequest) -> HttpResponse:
    if not is_internal(request):
        raise Http404  # outside the internal network it does not exist
    return _no_store(
        HttpResponse(exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
    )
