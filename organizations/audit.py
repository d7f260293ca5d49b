from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from common import replicas
from organizations.models import AuditEntry, Union


def audit(
    *,
    by: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    node: Union | None,
    data: dict | None = None,
) -> AuditEntry:
    user = by if by is not None and by.is_authenticated else None
    if user is not None:
        # Every service write is audited: its user reads from the primary for a while (read-
        # your-writes), whether it was written by a page, the API or a worker.
        transaction.on_commit(lambda: replicas.wrote(user.pk))
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        node=node,
        data=data or {},
    )
