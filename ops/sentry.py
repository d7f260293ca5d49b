"""Errors to Sentry when SENTRY_DSN is set, with personal data kept out of every event."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

from ops.logs import scrub

# Keys whose values are never sent, whatever they hold (form fields, variables in a frame).
SECRET_KEYS = {
    "resident_id",
    "id_number",
    "phone",
    "mobile",
    "password",
    "csrfmiddlewaretoken",
    "sessionid",
    "csrftoken",
    "authorization",
    "cookie",
    "cookies",
}


def scrub_event(value, key: str = ""):
    """A copy of an event (any nesting of dicts, lists, strings) with IDs and mobiles replaced
    and the values of personal or secret keys dropped."""
    if key.lower() in SECRET_KEYS:
        return "[removed]"
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {k: scrub_event(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_event(v) for v in value]
    return value


def before_send(event, hint):
    return scrub_event(event)


def before_breadcrumb(crumb, hint):
    return scrub_event(crumb)


def sentry_init(dsn: str, *, environment: str = "", release: str = "") -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    with warnings.catch_warnings():
        # Newer sentry-sdk versions rename send_default_pii; its meaning (off) is what we want,
        # and the name works on every 2.x release that pyproject.toml allows.
        warnings.filterwarnings("ignore", message=".*send_default_pii.*", category=DeprecationWarning)
        sentry_sdk.init(
            dsn=dsn,
            environment=environment or None,
            release=release or None,
            integrations=[DjangoIntegration(), CeleryIntegration()],
            send_default_pii=False,  # no user names, addresses, cookies or headers
            max_request_body_size="never",  # form posts carry names and IDs
            include_local_variables=False,  # a frame's variables may be a member's row
            before_send=before_send,
            before_breadcrumb=before_breadcrumb,
            traces_sample_rate=0.0,
        )
