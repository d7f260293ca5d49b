"""Reads from a streaming replica where an answer a moment old is fine; read-your-writes.

Which reads may go to a replica is said by the code that does them, `with reads_from_replica():`
(or `@reads_from_replica()`) around the dashboard, the report builds, the exports and the API's
bulk reads, rather than guessed by model as in Django's example router: the same models
(Member, NodeCounts, GeneratedFile, AuditEntry) are read by code that must see the latest row (a
form after its save, a job claiming its row, the one-membership check before a write) and by
pages that may be a second behind; only the caller knows which it is.

`unionreg.db_router.ReplicaRouter` asks `read_alias()` for every read. The primary answers:
outside `reads_from_replica()`; inside a transaction on the primary (it must see its own
writes); for a user who wrote in the last REPLICA_READ_YOUR_WRITES_SECONDS (any successful
non-GET request, and any audited service write, marks them: `wrote`); and when no replica can be
connected to (a warning is logged and that replica is left alone REPLICA_RETRY_SECONDS). Writes
always go to the primary.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# The replica chosen for the current reads_from_replica() block; "" = the primary (pinned, or no
# replica usable); None = not in such a block.
_reading: ContextVar[str | None] = ContextVar("replica_reading", default=None)
# The request being served (set by unionreg.db_router.ReadYourWritesMiddleware): its user is
# looked up only when a block is entered, after DRF has authenticated an API token.
_request: ContextVar[object | None] = ContextVar("replica_request", default=None)
# Replica alias → time.monotonic() until which it is not tried again (this process).
_down_until: dict[str, float] = {}


def _wrote_key(user_pk: object) -> str:
    return f"replica:wrote:{user_pk}"


def wrote(user_pk: object) -> None:
    """The user has just written: their reads go to the primary for the window. Kept in the
    cache (shared by every web and worker process), so an API token and a browser agree."""
    if settings.REPLICA_DATABASES and user_pk is not None:
        window = settings.REPLICA_READ_YOUR_WRITES_SECONDS
        cache.set(_wrote_key(user_pk), time.time(), timeout=max(1, window))


def wrote_recently(user_pk: object) -> bool:
    stamp = cache.get(_wrote_key(user_pk))
    return stamp is not None and time.time() - stamp < settings.REPLICA_READ_YOUR_WRITES_SECONDS


@contextmanager
def request_scope(request: object) -> Iterator[None]:
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def _pinned_to_primary() -> bool:
    user = getattr(_request.get(), "user", None)
    return bool(user is not None and user.is_authenticated and wrote_recently(user.pk))


@contextmanager
def reads_from_replica(*, caught_up: bool = False) -> Iterator[str]:
    """Reads in this block may come from a replica; yields the alias chosen ("" = primary).

    caught_up: wait (at most REPLICA_CATCH_UP_SECONDS) until the replica has replayed what the
    primary had committed on entry, else read the primary; for background builds, which have no
    user window but must include the change that asked for them. Costs two small queries.
    """
    if _reading.get() is not None:  # nested: keep the outer block's choice
        yield _reading.get()
        return
    token = _reading.set(_choose(caught_up=caught_up))
    try:
        yield _reading.get()
    finally:
        _reading.reset(token)


def read_alias() -> str | None:
    """The alias for a read now: a replica, or None for the primary."""
    alias = _reading.get()
    if not alias or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return alias


def _choose(*, caught_up: bool) -> str:
    if not settings.REPLICA_DATABASES or _pinned_to_primary():
        return ""
    now = time.monotonic()
    candidates = [a for a in settings.REPLICA_DATABASES if _down_until.get(a, 0) <= now]
    if not candidates:
        return ""
    random.shuffle(candidates)  # spread the load over the replicas
    target = _primary_position() if caught_up else None
    for alias in candidates:
        if _usable(alias, target):
            return alias
    return ""


def _usable(alias: str, target: str | None) -> bool:
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()  # a dead persistent connection is replaced
        connection.ensure_connection()
        return target is None or _replayed(alias, target)
    except DatabaseError as exc:
        _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        logger.warning(
            "replica %s unreachable, reading from the primary for %s s: %s",
            alias,
            settings.REPLICA_RETRY_SECONDS,
            str(exc).strip()[:200],
        )
        connection.close()
        return False


def _primary_position() -> str | None:
    primary = connections[DEFAULT_DB_ALIAS]
    if primary.vendor != "postgresql":
        return None
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def _replayed(alias: str, position: str) -> bool:
    """Has the standby replayed the primary's WAL up to `position`? A server that is not in
    recovery is no standby of ours to compare; it is taken as it is."""
    deadline = time.monotonic() + settings.REPLICA_CATCH_UP_SECONDS
    while True:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                [position],
            )
            if cursor.fetchone()[0]:
                return True
        if time.monotonic() >= deadline:
            logger.warning("replica %s is behind the primary: reading from the primary", alias)
            return False
        time.sleep(0.05)


def replicas_reset() -> None:
    """Forget which replicas were found unreachable (tests, and after a repair)."""
    _down_until.clear()
