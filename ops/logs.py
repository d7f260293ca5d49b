"""JSON log lines, each with the request id, none with a resident ID or a mobile number.

Every handler the project configures (settings.LOGGING, the test run's file) is built here, so
the personal-data filter cannot be left off one of them. The filter sits on the handlers, not on
loggers: a logger's filter does not see records that propagate from its children.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from pythonjsonlogger.json import JsonFormatter

from ops.context import current_request_id

# An 18-character resident ID (17 digits and a digit or X), and a mainland mobile number, not
# inside a longer run of digits. Generous on purpose: an 18-digit fraction of a second or a run
# of digits in a hash is redacted too, which costs nothing; a missed ID would.
RESIDENT_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
# Query strings carry what staff search for (names, ID tails): a log keeps the path only.
QUERY = re.compile(r"\?[^\s\"']*")
REDACTED_ID = "[resident-id]"
REDACTED_PHONE = "[mobile]"


def scrub(text: str) -> str:
    """The text with resident IDs and mobile numbers replaced by placeholders."""
    return MOBILE.sub(REDACTED_PHONE, RESIDENT_ID.sub(REDACTED_ID, text))


def scrub_value(value):
    """scrub() through any nesting of dicts, lists and tuples (other values as they are)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: scrub_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_value(v) for v in value]
    return value


class PersonalDataFilter(logging.Filter):
    """Rewrites each record so that no resident ID or mobile number leaves the process.

    The message is rendered once with its arguments and scrubbed; a traceback is rendered and
    scrubbed too (a database error quotes the row it refused, an ID with it). Names cannot be
    recognised by pattern: the code logs ids and counts, never names (tests/ops checks a run).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = scrub(message), None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None  # the formatters then use the scrubbed exc_text
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD:  # `extra` fields: Celery's "data", Django's "request"...
                setattr(record, key, _extra_scrubbed(value))
        return True


def _extra_scrubbed(value):
    """An `extra` value made safe. Objects become text, as the JSON formatter would write them,
    and a request keeps its method and path: its repr has the query string (what was searched)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (str, dict, list, tuple)):
        return scrub_value(value)
    if hasattr(value, "method") and hasattr(value, "path") and hasattr(value, "META"):
        return scrub(f"{value.method} {value.path}")
    return scrub(QUERY.sub("?…", str(value)))


class RequestIdFilter(logging.Filter):
    """Adds the request id of the request or task being served (empty outside them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id()
        return True


class ServerQueryFilter(logging.Filter):
    """The development server logs the request line with its query string: keep the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server":
            record.msg, record.args = QUERY.sub("?…", record.getMessage()), None
        return True


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_FIELDS = "{asctime}{levelname}{name}{message}{request_id}"
_RENAME = {"asctime": "time", "levelname": "level", "name": "logger"}


def json_formatter() -> logging.Formatter:
    return JsonFormatter(_FIELDS, style="{", rename_fields=_RENAME, json_ensure_ascii=False)


def _dress(handler: logging.Handler, json: bool = True) -> logging.Handler:
    handler.addFilter(RequestIdFilter())
    handler.addFilter(ServerQueryFilter())
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(
        json_formatter()
        if json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    )
    return handler


def console_handler(json: bool = True) -> logging.Handler:
    """stderr, one JSON object a line (LOG_FORMAT=plain for a human at a terminal)."""
    return _dress(logging.StreamHandler(sys.stderr), json=json)


def file_handler(path: str | Path) -> logging.Handler:
    """Appends JSON lines to a file (LOG_FILE; the test run's scan reads one)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return _dress(logging.FileHandler(path, encoding="utf-8", delay=True))
