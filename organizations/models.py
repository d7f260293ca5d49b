"""The union tree, employers, and the staff accounts attached to it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from organizations.facts import EmployerFacts, UnionFacts
from organizations.validators import normalize_credit_code, validate_credit_code


class Level(models.TextChoices):
    # Only the `province` data set (bench-scale) has a province node: the cities hang under it.
    PROVINCE = "province", _("Provincial federation")
    CITY = "city", _("City federation")
    COUNTY = "county", _("County/district federation")
    TOWNSHIP = "township", _("Township/street/park federation")
    VILLAGE = "village", _("Village/community union")
    GRASSROOTS = "grassroots", _("Grassroots union")


# Which tier may hang under which: the tree of 总工会 down to 基层工会.
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    Level.PROVINCE: (),
    Level.CITY: (),
    Level.COUNTY: (Level.CITY,),
    Level.TOWNSHIP: (Level.COUNTY,),
    Level.VILLAGE: (Level.TOWNSHIP,),
    Level.GRASSROOTS: (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE),
}


class Formation(models.TextChoices):
    INDEPENDENT = "independent", _("Independent (one employer)")
    JOINT = "joint", _("Joint (several employers)")


class UnionStatus(models.TextChoices):
    """The 建会 steps: 筹备 → (退回 → 筹备) → 批复 → 成立 → 注销; or the preparation is withdrawn.

    "active" is a founded union (the value predates the workflow: existing rows are founded).
    """

    PREPARING = "preparing", _("Preparing")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Founded")
    DISSOLVED = "dissolved", _("Dissolved")
    WITHDRAWN = "withdrawn", _("Preparation withdrawn")


# A union in these states holds its employers (reserved while preparing, covered once founded);
# the others are over: their employers are free and no member may be added.
HOLDING_STATUSES = (
    UnionStatus.PREPARING, UnionStatus.RETURNED, UnionStatus.APPROVED, UnionStatus.ACTIVE,
)
ENDED_STATUSES = (UnionStatus.DISSOLVED, UnionStatus.WITHDRAWN)


class ScopedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to one subtree of the union tree."""

    node_path_field = "node__path"

    def within(self, node: "Union | None") -> "ScopedQuerySet":
        if node is None:
            return self.none()
        return self.filter(**{f"{self.node_path_field}__startswith": node.path})


class UnionQuerySet(MP_NodeQuerySet):
    def within(self, node: "Union | None") -> "UnionQuerySet":
        if node is None:
            return self.none()
        return self.filter(path__startswith=node.path)

    def grassroots(self) -> "UnionQuerySet":
        return self.filter(level=Level.GRASSROOTS)

    def federations(self) -> "UnionQuerySet":
        return self.exclude(level=Level.GRASSROOTS)


class UnionManager(MP_NodeManager.from_queryset(UnionQuerySet)):
    def get_queryset(self) -> UnionQuerySet:
        return UnionQuerySet(self.model, using=self._db).order_by("path")


class IndustryFederation(models.Model):
    """产业(行业)工会联合会: a cross-cutting grouping besides the geographic parent."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry federation")
        verbose_name_plural = _("industry federations")

    def __str__(self) -> str:
        return self.name


class Union(MP_Node, UnionFacts):
    """Every node of the tree, from the city federation down to a grassroots union; its area
    code and survey facts in organizations.facts."""

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    formation = models.CharField(
        _("formation"), max_length=16, choices=Formation.choices, blank=True
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=UnionStatus.choices, default=UnionStatus.ACTIVE
    )
    chair_name = models.CharField(_("chair name"), max_length=50, blank=True)
    chair_phone = models.CharField(_("chair phone"), max_length=30, blank=True)
    has_workers_congress = models.BooleanField(_("workers' congress"), default=False)
    has_open_management = models.BooleanField(_("open management"), default=False)
    industry_federation = models.ForeignKey(
        IndustryFederation,
        verbose_name=_("industry federation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unions",
    )
    credit_code = models.CharField(
        _("union credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    # The 建会 workflow (organizations.lifecycle). db_default: the seeding COPYs rows without them.
    approval_number = models.CharField(
        _("approval document number"), max_length=100, blank=True, default="", db_default=""
    )
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    returned_reason = models.CharField(
        _("reason for return"), max_length=500, blank=True, default="", db_default=""
    )
    certificate_number = models.CharField(
        _("certificate number"), max_length=100, blank=True, default="", db_default=""
    )
    dissolved_on = models.DateField(_("dissolution date"), null=True, blank=True)
    dissolution_reason = models.CharField(
        _("reason for dissolution"), max_length=500, blank=True, default="", db_default=""
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnionManager()
    # Before/after values of every save, in the saver's transaction (the services set
    # `_history_user`). Moves rewrite paths by raw SQL: organizations.history records those.
    history = HistoricalRecords(excluded_fields=["numchild", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="grassroots", formation__in=["independent", "joint"])
                | (~Q(level="grassroots") & Q(formation="")),
                name="union_formation_only_on_grassroots",
            ),
        ]
        indexes = [
            # A node's children (depth + 1, path prefix): without it, listing a province's ten
            # cities reads all 150,000 paths under it (the dashboard, the tree page).
            models.Index(fields=["depth", "path"], name="union_children",
                         opclasses=["int4_ops", "varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_grassroots(self) -> bool:
        return self.level == Level.GRASSROOTS

    @property
    def is_ended(self) -> bool:
        """Dissolved or withdrawn: its employers are free, no member may be added."""
        return self.status in ENDED_STATUSES

    @property
    def accepts_members(self) -> bool:
        return self.is_grassroots and not self.is_ended

    def clean(self) -> None:
        super().clean()
        if self.credit_code:
            self.credit_code = normalize_credit_code(self.credit_code)
        if self.is_grassroots and not self.formation:
            raise ValidationError({"formation": _("A grassroots union must be independent or joint.")})
        if not self.is_grassroots:
            self.formation = ""
        self.clean_facts()


def check_tier(*, parent: Union | None, level: str) -> None:
    """Raise ValidationError unless a `level` node may hang under `parent`."""
    allowed = ALLOWED_PARENTS[level]
    if parent is None:
        if allowed:
            raise ValidationError(
                _("A %(level)s must be placed under a higher union."),
                params={"level": Level(level).label},
                code="tier",
            )
        return
    if parent.level not in allowed:
        raise ValidationError(
            _("A %(level)s cannot be placed under a %(parent)s."),
            params={"level": Level(level).label, "parent": Level(parent.level).label},
            code="tier",
        )


class Ownership(models.TextChoices):
    STATE_OWNED = "state", _("State-owned")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign-invested")
    PUBLIC_INSTITUTION = "institution", _("Public institution")
    GOVERNMENT = "government", _("Government organ")
    SOCIAL = "social", _("Social organisation")
    INDIVIDUAL = "individual", _("Individual business")


class NoUnionReason(models.TextChoices):
    NONE = "", _("—")
    TOO_FEW_STAFF = "too_few", _("Too few staff")
    EMPLOYER_UNWILLING = "unwilling", _("Employer unwilling")
    IN_PREPARATION = "preparing", _("Union in preparation")
    CLOSED_OR_MOVED = "closed", _("Closed, moved or not operating")
    NO_CONTACT = "no_contact", _("Cannot be reached")
    OTHER = "other", _("Other")


class EmployerStatus(models.TextChoices):
    OPEN = "open", _("Operating")
    CLOSED = "closed", _("Deregistered")  # 注销
    REVOKED = "revoked", _("Licence revoked")  # 吊销
    MOVED_OUT = "moved_out", _("Moved out of the area")


class EmployerQuerySet(ScopedQuerySet):
    def open(self) -> "EmployerQuerySet":
        """Employers still operating here: the others count nowhere (counting.rules)."""
        return self.filter(status=EmployerStatus.OPEN)

    def uncovered(self) -> "EmployerQuerySet":
        """Open employers that no union holds (none, or one dissolved or withdrawn)."""
        return self.open().filter(Q(union__isnull=True) | Q(union__status__in=ENDED_STATUSES))


class Employer(EmployerFacts):
    """单位: identified by its unified social credit code; covered by at most one union. Its
    四清 facts (address, contacts, industry, economic type, size) in organizations.facts."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    ownership = models.CharField(_("ownership type"), max_length=16, choices=Ownership.choices)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    node = models.ForeignKey(
        Union,
        verbose_name=_("located under"),
        on_delete=models.PROTECT,
        related_name="employers_located",
    )
    employees = models.PositiveIntegerField(_("employees"), default=0)
    migrant_employees = models.PositiveIntegerField(_("migrant employees"), default=0)
    union = models.ForeignKey(
        Union,
        verbose_name=_("covering union"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
        limit_choices_to={"level": Level.GRASSROOTS},
    )
    no_union_reason = models.CharField(
        _("reason for no union"), max_length=16, choices=NoUnionReason.choices, blank=True
    )
    no_union_note = models.CharField(_("reason details"), max_length=500, blank=True)
    status = models.CharField(
        _("operating status"), max_length=16, choices=EmployerStatus.choices,
        default=EmployerStatus.OPEN, db_default=EmployerStatus.OPEN,
    )
    closed_on = models.DateField(_("closing date"), null=True, blank=True)
    closed_reason = models.CharField(
        _("reason for closing"), max_length=500, blank=True, default="", db_default=""
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.CheckConstraint(
                condition=Q(migrant_employees__lte=models.F("employees")),
                name="employer_migrants_within_employees",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == EmployerStatus.OPEN

    def clean(self) -> None:
        super().clean()
        self.credit_code = normalize_credit_code(self.credit_code)
        if self.migrant_employees > self.employees:
            raise ValidationError(
                {"migrant_employees": _("Migrant employees cannot exceed employees.")}
            )
        self.clean_facts()


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Administrator")


class StaffAccount(models.Model):
    """Attaches a login to one node of the tree; the user sees only that subtree."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    node = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="staff_accounts")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")

    def __str__(self) -> str:
        return f"{self.user} @ {self.node} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.EDITOR, Role.ADMIN)


class AuditEntryIsAppendOnly(Exception):
    """An audit entry was to be changed or deleted: the log is append-only."""


class AuditEntryQuerySet(models.QuerySet):
    """Refuses bulk changes and deletes; the database trigger refuses them too (migration 0004)."""

    def update(self, **kwargs):
        # The one update allowed: ON DELETE SET NULL when a user or node is deleted (the entry
        # keeps the username as text, so it still says who).
        if kwargs and set(kwargs) <= {"user", "node"} and all(v is None for v in kwargs.values()):
            return super().update(**kwargs)
        raise AuditEntryIsAppendOnly("audit entries cannot be changed")

    update.queryset_only = True

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditEntryIsAppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AuditEntryIsAppendOnly("audit entries cannot be deleted")

    delete.queryset_only = True


class AuditEntry(models.Model):
    """Who changed what, when: written by every service that changes data; never changed."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as text: a deleted user's entries still say who it was.
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    node = models.ForeignKey(Union, on_delete=models.SET_NULL, null=True, related_name="+")
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        base_manager_name = "objects"

    def __str__(self) -> str:
        who = self.username or self.user_id
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditEntryIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEntryIsAppendOnly("audit entries cannot be deleted")


# Employer and union imports (organizations.importing): their models are this app's.
from organizations.importing.models import RegisterImport  # noqa: E402, F401
