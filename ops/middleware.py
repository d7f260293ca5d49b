"""Probes answered first; one JSON log line, a request id and metrics for every other request."""

from __future__ import annotations

import logging
import time

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils.functional import empty

from ops import views
from ops.context import request_id_from, request_id_var
from ops.metrics import LATENCY, QUERIES, REQUESTS

logger = logging.getLogger("unionreg.request")
METHODS = {
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "OPTIONS",
}  # others: "other" (one series)
PROBES = {"/healthz": views.healthz, "/readyz": views.readyz, "/metrics": views.metrics}


class ProbeMiddleware:
    """First in MIDDLEWARE: the container's health check calls http://127.0.0.1:8000/healthz,
    which neither matches ALLOWED_HOSTS nor arrives over HTTPS; neither matters for a probe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = PROBES.get(request.path_info.rstrip("/") or "/")
        if view is None:
            return self.get_response(request)
        try:
            response = view(request)
        except Http404:
            response = HttpResponseNotFound()
        # A 503 during an outage is the probe's answer, not an error of ours: Django would log it
        # at ERROR (and so to Sentry) every few seconds from every probe.
        response._has_been_logged = True
        return response


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id if the request already looked the user up (no extra query)."""
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", empty)
    if wrapped is empty or wrapped is None:
        return None
    return getattr(wrapped, "pk", None)


class RequestLogMiddleware:
    """A request id (the proxy's X-Request-ID or a new one) bound for the request and the tasks
    it enqueues; after the response: one log line and the request metrics. The line has the path
    without its query string and ids only: what staff search for is personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        token = request_id_var.set(request_id)
        counter = _QueryCounter()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
            elapsed = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            view = (match.view_name or match._func_path) if match else "unmatched"
            method = request.method if request.method in METHODS else "other"
            REQUESTS.labels(view, method, str(response.status_code)).inc()
            LATENCY.labels(view).observe(elapsed)
            QUERIES.labels(view).observe(counter.count)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                    "db_queries": counter.count,
                    "user_id": _user_id(request),
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            request_id_var.reset(token)
