"""The members app's models: Django finds them here, under app_label "members".

Members and transfers live in `member`; the roster import keeps its own models in its package
(`members.importing.models`) and they are imported here so the app registers them too.
"""

from members.importing.models import ImportBatch, ImportStatus
from members.models.member import (
    EightGroup,
    Gender,
    Member,
    MemberQuerySet,
    MemberStatus,
    MemberTransfer,
    NewFormCategory,
)

__all__ = [
    "EightGroup",
    "Gender",
    "ImportBatch",
    "ImportStatus",
    "Member",
    "MemberQuerySet",
    "MemberStatus",
    "MemberTransfer",
    "NewFormCategory",
]
