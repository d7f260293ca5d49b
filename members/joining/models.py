"""扫码入会: join links (the QR codes), applications, and the federations' holding pools.

The applicant's resident ID is sealed as members' are (common.sealed_id: ciphertext, keyed
hash, last four), and read or written only by `members.joining.services` (`_applicant_id`,
which decrypts for the approval, an audited decision, and `_applicant_id_set`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.sealed_id import SealedIdQuerySet, SealedResidentId
from members.models.member import EightGroup, Member, NewFormCategory
from organizations.models import Employer, Union


class JoinLink(models.Model):
    """The one live join link of a grassroots union (or pool): its token is in the QR code.

    Renewing replaces the token; the old poster then leads to the "no longer valid" page.
    """

    union = models.OneToOneField(Union, on_delete=models.CASCADE, related_name="join_link")
    token = models.CharField(max_length=64, unique=True)
    renewed_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("join link")
        verbose_name_plural = _("join links")

    def __str__(self) -> str:
        return f"join link of union #{self.union_id}"


class Pool(models.Model):
    """兜底入会: a federation's holding pool, itself a joint grassroots union (`union`), so that
    its members are real members counted in the federation's statistics."""

    union = models.OneToOneField(Union, on_delete=models.PROTECT, related_name="pool")
    federation = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="pools")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holding pool")
        verbose_name_plural = _("holding pools")

    def __str__(self) -> str:
        return f"pool #{self.pk} ({self.union_id})"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", pgettext_lazy("join application", "Approved")
    REJECTED = "rejected", _("Rejected")
    # Already a member elsewhere: handled as a membership transfer (会员关系接转).
    TRANSFER = "transfer", _("Handled as a transfer")
    EXPIRED = "expired", _("Expired")


class JoinApplication(SealedResidentId, models.Model):
    """One person's application to one union; a second one while pending is merged into it."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="join_applications")
    name = models.CharField(_("full name"), max_length=50)
    # The sealed ID (inherited columns): only through members.joining.services.
    phone = models.CharField(_("mobile number"), max_length=30)
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    employer_name = models.CharField(_("employer (as typed)"), max_length=200, blank=True)
    is_migrant = models.BooleanField(_("migrant worker"), default=False)
    new_form_category = models.CharField(_("new employment form"), max_length=16,
                                         choices=NewFormCategory.choices, blank=True)
    eight_group = models.CharField(_("eight key groups"), max_length=16,
                                   choices=EightGroup.choices, blank=True)
    applied_on = models.DateField(_("application date"))
    consent_at = models.DateTimeField(_("consent given"))
    submissions = models.PositiveIntegerField(_("submissions"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING, db_index=True)
    expires_at = models.DateTimeField(_("expires"))
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    reject_reason = models.CharField(_("reason"), max_length=200, blank=True)
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    transfer_request = models.ForeignKey("members.TransferRequest", on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="+")

    objects = SealedIdQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("join application")
        verbose_name_plural = _("join applications")
        constraints = [
            # Duplicates are merged: one pending application per person and union.
            models.UniqueConstraint(fields=["union", "resident_id_hash"],
                                    condition=Q(status="pending"),
                                    name="joinapplication_one_pending"),
        ]
        indexes = [models.Index(fields=["union", "status"], name="joinapp_union_status")]

    def __str__(self) -> str:
        return f"join application #{self.pk} ({self.status})"
