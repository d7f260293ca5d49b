"""The database router and the middleware of read replicas; the rules are in common/replicas.py.

Reads go where `common.replicas.read_alias()` says (a replica only inside an explicit
`reads_from_replica()` block); writes, and reads of objects that came from a replica outside
such a block, go to the primary. Migrations run on the primary only: a standby replays them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from common import replicas

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _from_replica(hints: dict) -> bool:
    instance = hints.get("instance")
    return instance is not None and instance._state.db in settings.REPLICA_DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        alias = replicas.read_alias()
        if alias:
            return alias
        # A related object of a row read on a replica would otherwise follow it there.
        return DEFAULT_DB_ALIAS if _from_replica(hints) else None

    def db_for_write(self, model, **hints) -> str | None:
        return DEFAULT_DB_ALIAS if _from_replica(hints) else None

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # A replica holds the same rows as the primary.
        dbs = {obj1._state.db, obj2._state.db}
        return True if dbs <= {DEFAULT_DB_ALIAS, *settings.REPLICA_DATABASES} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return False if db in settings.REPLICA_DATABASES else None


class ReadYourWritesMiddleware:
    """After a successful write request its user reads from the primary for a while
    (REPLICA_READ_YOUR_WRITES_SECONDS), so the page they are sent to shows their change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with replicas.request_scope(request):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            # request.user: after DRF authenticated an API token, it is the token's user too.
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                replicas.wrote(user.pk)
        return response
