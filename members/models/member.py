"""Members under real-name registration, and their history of transfers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import crypto
from common.sealed_id import SealedIdQuerySet, SealedResidentId
from members.identity import birth_month_of, gender_of, validate_resident_id
from members.phones import validate_phone
from organizations.models import Employer, ScopedQuerySet, Union


class NewFormCategory(models.TextChoices):
    NONE = "", _("—")
    COURIER = "courier", _("Courier")
    TRUCK_DRIVER = "truck", _("Truck driver")
    FOOD_RIDER = "rider", _("Food-delivery rider")
    RIDE_HAILING = "ride_hailing", _("Ride-hailing driver")
    OTHER = "other", _("Other new-employment-form worker")


class EightGroup(models.TextChoices):
    NONE = "", _("—")
    TRUCK_DRIVER = "truck", _("Truck driver")
    COURIER = "courier", _("Courier")
    CARER = "carer", _("Nurse or carer")
    DOMESTIC = "domestic", _("Domestic worker")
    MALL_INFO = "mall_info", _("Mall information staff")
    FOOD_RIDER = "rider", _("Food-delivery rider")
    ESTATE_AGENT = "estate_agent", _("Estate agent")
    SECURITY = "security", _("Security guard")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    # 保留会籍: out of work or retired, still a member of this union; counted apart.
    KEPT = "kept", _("Kept membership")
    TRANSFERRED = "transferred", _("Transferred out")
    LEFT = "left", _("Left")


# A person holds at most one of these at a time (实名制), and keeps the card number.
CURRENT_STATUSES = (MemberStatus.ACTIVE, MemberStatus.KEPT)


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


ACTIVE_OR_NULL = Case(When(status="active", then=Value(True)), output_field=models.BooleanField())


class MemberQuerySet(SealedIdQuerySet, ScopedQuerySet):
    node_path_field = "union__path"

    def active(self) -> "MemberQuerySet":
        return self.filter(status=MemberStatus.ACTIVE)

    def current(self) -> "MemberQuerySet":
        """Memberships that still hold: active or kept (保留会籍)."""
        return self.filter(status__in=CURRENT_STATUSES)


class Member(SealedResidentId, models.Model):
    """One membership of a person in one grassroots union.

    The resident ID is sealed (common.sealed_id): ciphertext, keyed hash, last four. Assign the
    plain ID to `resident_id`; sex and birth month are derived from it then. Nothing else of
    the ID is kept: `birth_date` holds the first day of the birth month, never the day.
    """

    name = models.CharField(_("full name"), max_length=50)
    # Indexed through the one-active-membership constraint below, not on its own.
    resident_id_hash = models.BinaryField(
        _("resident ID, keyed hash"), max_length=crypto.HASH_BYTES, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, editable=False)
    birth_date = models.DateField(
        _("birth month"), editable=False,
        help_text=_("The first day of the birth month: the day is not stored."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    # 会员卡号: issued on admission (members.cards), kept through transfers and returns.
    card_no = models.CharField(_("card number"), max_length=24, blank=True, default="",
                               editable=False, db_index=True)
    union = models.ForeignKey(
        Union,
        verbose_name=_("grassroots union"),
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"level": "grassroots"},
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    joined_on = models.DateField(_("joined date"))
    left_on = models.DateField(_("left date"), null=True, blank=True)
    is_migrant = models.BooleanField(_("migrant worker"), default=False)
    new_form_category = models.CharField(
        _("new employment form"), max_length=16, choices=NewFormCategory.choices, blank=True
    )
    eight_group = models.CharField(
        _("eight key groups"), max_length=16, choices=EightGroup.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()
    # Before/after values of every change, written by Member.save() in the same transaction;
    # `_history_user` is set by the services. Bulk paths (seeding, the import) write
    # MemberEvent rows instead (see members.events).
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            # 实名制: a person is an active member of one grassroots union at a time. One unique
            # index on (keyed hash, "true if active, else NULL"): NULLs never collide, so ended
            # memberships don't count; led by the hash, the same index serves every look-up by
            # ID. One index per row to maintain instead of a partial unique one plus a plain
            # one: the random keyed hashes make each insertion cost a page of its own.
            models.UniqueConstraint(
                F("resident_id_hash"), ACTIVE_OR_NULL, name="member_one_active_membership",
            ),
            # One card number per holding membership; the ended rows of a transferred person
            # keep theirs as history.
            models.UniqueConstraint(
                fields=["card_no"],
                condition=Q(status__in=["active", "kept"]) & ~Q(card_no=""),
                name="member_card_no_unique_current",
            ),
        ]
        indexes = [
            models.Index(fields=["union", "status"], name="member_union_status"),
            # The statistics' breakdowns by category read only the flagged active members.
            models.Index(fields=["union", "new_form_category"], name="member_new_form_active",
                         condition=Q(status="active") & ~Q(new_form_category="")),
            models.Index(fields=["union", "eight_group"], name="member_eight_group_active",
                         condition=Q(status="active") & ~Q(eight_group="")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_resident_id})"

    def resident_id_assigned(self, plain: str) -> None:
        # Sex and birth month are facts of the ID, never typed separately. An invalid ID
        # derives nothing; clean_fields() reports it.
        try:
            self.gender, self.birth_date = gender_of(plain), birth_month_of(plain)
        except (ValueError, IndexError):
            pass

    def save(self, *args, **kwargs) -> None:
        if not self.card_no and self.status in CURRENT_STATUSES and self.union_id:
            from members.cards import card_issue  # the counter model lives beside this one

            self.card_no = card_issue(self.union_id)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        """Check an ID assigned in this process (the stored one was checked when it came)."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        plain = self._plain_resident_id
        if plain is not None and "resident_id" not in (exclude or ()):
            try:
                validate_resident_id(plain)
            except ValidationError as exc:
                errors.setdefault("resident_id", []).extend(exc.error_list)
        elif plain is None and not self.resident_id_enc:
            errors["resident_id"] = [ValidationError(_("This field cannot be blank."), code="blank")]
        if errors:
            raise ValidationError(errors)


class MemberTransfer(models.Model):
    """会员关系接转: the old membership stays, marked transferred; this links the two."""

    from_member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="transfer_out")
    to_member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="transfer_in")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")

