"""The rules every write of a membership checks, shared by the services and the life cycle.

Kept apart so that `members.services` and `members.lifecycle` both import them and neither
imports the other back.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.models import Member, MemberStatus
from members.signals import member_saving
from organizations.models import Union

MEMBER_FIELDS = (
    "name", "resident_id", "phone", "employer", "joined_on", "is_migrant",
    "new_form_category", "eight_group",
)



def check_grassroots(union: Union) -> None:
    if not union.is_grassroots:
        raise ValidationError(_("Members are registered in a grassroots union only."))
    if union.is_ended:
        raise ValidationError(_("This union has been dissolved: no member can be added to it."))


def check_employer(member: Member) -> None:
    if member.employer_id and member.employer.union_id != member.union_id:
        raise ValidationError({"employer": _("The employer is not covered by this union.")})


class TakenMeanwhile(Exception):
    """Another request made the person an active member between our lookup and our save."""


def save_unique(member: Member) -> None:
    """Save; the database's one-active-membership rule is the last word on a race."""
    try:
        with transaction.atomic():
            member_saving.send(sender=Member, member=member)
            member.save()
    except IntegrityError:
        if not Member.objects.filter(resident_id_hash=member.resident_id_hash,
                                     status=MemberStatus.ACTIVE).exists():
            raise
        raise TakenMeanwhile from None
