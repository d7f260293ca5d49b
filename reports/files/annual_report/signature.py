"""The signature block of the annual report (单位负责人, 审核人, 填表人, 报出日期).

The head of the unit is the node's chair: the current chair of its current committee when
governance records one, else the chair named on the node itself. The reviewer signs by hand
on the printed form, so that line stays blank. The form-filler is whoever asked for the report
(blank for a scheduled build), and the date is the day it was built.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from governance.models import Officer, OfficerRole
from organizations.models import Union
from reports.files.monthly_report.data import generated_by_name


@dataclass(frozen=True)
class Signature:
    head: str
    reviewer: str
    filled_by: str
    reported_on: datetime.date


def chair_of(node: Union) -> str:
    current = (
        Officer.objects.filter(
            committee__union=node,
            committee__ended_on__isnull=True,
            role=OfficerRole.CHAIR,
            end_on__isnull=True,
        )
        .order_by("-start_on", "-pk")
        .values_list("name", flat=True)
        .first()
    )
    return current or node.chair_name


def signature_of(
    node: Union, user: AbstractBaseUser | None, today: datetime.date | None = None
) -> Signature:
    return Signature(
        head=chair_of(node),
        reviewer="",
        filled_by=generated_by_name(user),
        reported_on=today or timezone.localdate(),
    )
