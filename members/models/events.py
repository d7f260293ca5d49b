"""The life of a membership: events in the national code lists, card numbers, transfer requests.

会籍变化类型 and 会籍变化原因 are the codes of the national real-name forms (全国工会会员实名制
信息表), so the history and the statistics speak the federations' words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Employer, Union


class ChangeType(models.TextChoices):
    """会籍变化类型."""

    JOIN = "1", pgettext_lazy("change type", "Joined")  # 入会
    TRANSFER_IN = "2", pgettext_lazy("change type", "Transferred in")  # 转入
    KEEP = "3", pgettext_lazy("change type", "Membership kept")  # 保留
    TRANSFER_OUT = "4", pgettext_lazy("change type", "Transferred out")  # 转出
    EXPEL = "5", pgettext_lazy("change type", "Expelled")  # 除名
    LEAVE = "6", pgettext_lazy("change type", "Left")  # 退会


class ChangeReason(models.TextChoices):
    """会籍变化原因."""

    NONE = "", _("—")
    WORK_CHANGED = "1", _("Change of labour (work) relationship")  # 劳动（工作）关系发生变化
    LAID_OFF = "2", _("Laid off and waiting for a post in this employer")  # 在本单位下岗后待岗
    UNEMPLOYED = "3", _("Unemployed")  # 失业
    BANKRUPT = "4", _("Employer went bankrupt")  # 所在企业破产
    OWN_REQUEST = "5", _("Left at own request")  # 个人要求退会
    CRIME = "6", _("Expelled for a crime")  # 因犯罪被开除会籍


class EventKind(models.TextChoices):
    """What our services did; each maps to one ChangeType (a return is a 入会 again)."""

    JOIN = "join", pgettext_lazy("member event", "Joined")
    RETURN = "return", pgettext_lazy("member event", "Returned")
    TRANSFER_IN = "transfer_in", pgettext_lazy("member event", "Transferred in")
    KEEP = "keep", pgettext_lazy("member event", "Membership kept")
    TRANSFER_OUT = "transfer_out", pgettext_lazy("member event", "Transferred out")
    EXPEL = "expel", pgettext_lazy("member event", "Expelled")
    LEAVE = "leave", pgettext_lazy("member event", "Left")


CHANGE_TYPE_OF = {
    EventKind.JOIN: ChangeType.JOIN,
    EventKind.RETURN: ChangeType.JOIN,
    EventKind.TRANSFER_IN: ChangeType.TRANSFER_IN,
    EventKind.KEEP: ChangeType.KEEP,
    EventKind.TRANSFER_OUT: ChangeType.TRANSFER_OUT,
    EventKind.EXPEL: ChangeType.EXPEL,
    EventKind.LEAVE: ChangeType.LEAVE,
}


class MemberEvent(models.Model):
    """One change of membership: written by every member service (and the import, in bulk)."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="events")
    # The union the membership belonged to when it happened (it never changes for a row).
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    change_type = models.CharField(_("change type"), max_length=1, choices=ChangeType.choices)
    reason = models.CharField(_("change reason"), max_length=1, choices=ChangeReason.choices,
                              blank=True)
    date = models.DateField(_("date"))
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        indexes = [
            models.Index(fields=["date", "change_type"], name="memberevent_date_type"),
            models.Index(fields=["kind", "member"], name="memberevent_kind_member"),
        ]

    def __str__(self) -> str:
        return f"{self.get_change_type_display()} {self.date:%Y-%m-%d} (member #{self.member_id})"


class CardCounter(models.Model):
    """The last card sequence number issued by a union (locked for update when one is issued)."""

    union = models.OneToOneField(Union, primary_key=True, on_delete=models.CASCADE,
                                 related_name="card_counter")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("card counter")
        verbose_name_plural = _("card counters")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class TransferSide(models.TextChoices):
    FROM = "from", _("Releasing union (转出方)")
    TO = "to", _("Receiving union (转入方)")


class TransferRequest(models.Model):
    """会员关系接转 across areas: one side asks, the other accepts or rejects.

    While pending the member stays in `from_union`. On acceptance `to_member` is the new
    membership (the employer in the receiving union is chosen then).
    """

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE,
                               related_name="transfer_requests")
    from_union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    to_union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    started_by_side = models.CharField(max_length=4, choices=TransferSide.choices)
    status = models.CharField(_("status"), max_length=10, choices=TransferStatus.choices,
                              default=TransferStatus.PENDING)
    date = models.DateField(_("transfer date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=200, blank=True)
    to_employer = models.ForeignKey(Employer, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    to_member = models.OneToOneField("members.Member", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="transfer_request_in")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        constraints = [
            # One open request per membership: a second would race the first's acceptance.
            models.UniqueConstraint(fields=["member"], condition=Q(status="pending"),
                                    name="transfer_request_one_pending"),
        ]

    def __str__(self) -> str:
        return f"transfer #{self.pk} {self.from_union_id}→{self.to_union_id} ({self.status})"
