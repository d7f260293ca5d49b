"""The request id of the work in progress: set per request, carried into the tasks it enqueues."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")

# An id a proxy or client sends is kept only if it is short and plain: it goes into every log line.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_from(header_value: str | None) -> str:
    """The caller's X-Request-ID when it looks like an id, else a fresh one."""
    if header_value and _ACCEPTED.match(header_value):
        return header_value
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()
