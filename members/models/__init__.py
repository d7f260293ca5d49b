"""The members app's models: Django finds them here, under app_label "members".

Members and transfers live in `member`; the roster import keeps its own models in its package
(`members.importing.models`) and they are imported here so the app registers them too.
"""

from members.importing.models import ImportBatch, ImportStatus
from members.models.events import (
    CHANGE_TYPE_OF,
    CardCounter,
    ChangeReason,
    ChangeType,
    EventKind,
    MemberEvent,
    TransferRequest,
    TransferSide,
    TransferStatus,
)
from members.models.member import (
    CURRENT_STATUSES,
    EightGroup,
    Gender,
    Member,
    MemberQuerySet,
    MemberStatus,
    MemberTransfer,
    NewFormCategory,
)

__all__ = [
    "CHANGE_TYPE_OF",
    "CURRENT_STATUSES",
    "CardCounter",
    "ChangeReason",
    "ChangeType",
    "EventKind",
    "MemberEvent",
    "TransferRequest",
    "TransferSide",
    "TransferStatus",
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

# 扫码入会 (members.joining): registered under this app too.
from members.joining.models import (  # noqa: E402
    ApplicationStatus,
    JoinApplication,
    JoinLink,
    Pool,
)

__all__ += ["ApplicationStatus", "JoinApplication", "JoinLink", "Pool"]
