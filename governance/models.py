"""Who leads a union and when it is due for re-election (换届), chairs' stipends, 职工之家
ratings, and the service sites of the federations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.sealed_id import SealedIdQuerySet, SealedResidentId
from organizations.models import ScopedQuerySet, Union

TERM_YEARS = ((3, _("3 years")), (5, _("5 years")))


class CommitteeQuerySet(ScopedQuerySet):
    node_path_field = "union__path"

    def current(self) -> "CommitteeQuerySet":
        return self.filter(ended_on__isnull=True)


class Committee(models.Model):
    """One term of a union's committee (工会委员会), with its 经审会 and 女职委 members as roles.

    The current committee has no `ended_on`; an election ends it and starts the next one, so
    the history of a union is its committees in order.
    """

    union = models.ForeignKey(Union, verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="committees")
    term_years = models.PositiveSmallIntegerField(_("term (years)"), choices=TERM_YEARS)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    ended_on = models.DateField(_("replaced on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["-term_start", "-pk"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.UniqueConstraint(fields=["union"], condition=Q(ended_on__isnull=True),
                                    name="committee_one_current_per_union"),
            models.CheckConstraint(condition=Q(term_end__gt=models.F("term_start")),
                                   name="committee_term_ends_after_start"),
        ]
        indexes = [models.Index(fields=["term_end"], name="committee_term_end")]

    def __str__(self) -> str:
        return f"{self.union} {self.term_start:%Y-%m-%d}–{self.term_end:%Y-%m-%d}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class OfficerRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Committee member")
    FUNDS_CHAIR = "funds_chair", _("Chair of the funds review committee")
    FUNDS_MEMBER = "funds_member", _("Member of the funds review committee")
    WOMEN_CHAIR = "women_chair", _("Chair of the women workers' committee")
    WOMEN_MEMBER = "women_member", _("Member of the women workers' committee")


ROLE_ORDER = {role: rank for rank, role in enumerate(OfficerRole.values)}


class OfficerQuerySet(SealedIdQuerySet, ScopedQuerySet):
    node_path_field = "committee__union__path"

    def current(self) -> "OfficerQuerySet":
        return self.filter(end_on__isnull=True)


class Officer(SealedResidentId, models.Model):
    """One person in one role of one committee. Ending a role keeps the row (history).

    The resident ID is sealed (common.sealed_id), read and written through
    governance.officer_ids."""

    committee = models.ForeignKey(Committee, verbose_name=_("committee"),
                                  on_delete=models.PROTECT, related_name="officers")
    role = models.CharField(_("role"), max_length=16, choices=OfficerRole.choices)
    name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    full_time = models.BooleanField(_("full-time"), default=False)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "role", "pk"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.UniqueConstraint(
                fields=["committee"], condition=Q(role="chair", end_on__isnull=True),
                name="officer_one_current_chair"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        return self.end_on is None


class Election(models.Model):
    """换届选举: the date, the committee it ended and the committee it elected."""

    union = models.ForeignKey(Union, verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="elections")
    held_on = models.DateField(_("election date"))
    committee = models.OneToOneField(Committee, on_delete=models.PROTECT,
                                     related_name="election")
    replaced = models.OneToOneField(Committee, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by")
    note = models.CharField(_("note or approval number"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return f"{self.union} {self.held_on:%Y-%m-%d}"


class UnionScopedQuerySet(ScopedQuerySet):
    node_path_field = "union__path"


class StipendSource(models.TextChoices):
    FEDERATION = "federation", _("Union funds of the federation")
    GOVERNMENT = "government", _("Government funds")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class ChairStipend(models.Model):
    """主席补贴: one payment to a chair, for a period; counted in the year it was paid."""

    officer = models.ForeignKey(Officer, verbose_name=_("chair"), on_delete=models.PROTECT,
                                related_name="stipends")
    # The chair's union, copied so that scope and per-node totals need no join through terms.
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="chair_stipends")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    paid_on = models.DateField(_("paid on"))
    source = models.CharField(_("source"), max_length=16, choices=StipendSource.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("chair stipend")
        verbose_name_plural = _("chair stipends")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="stipend_amount_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="stipend_period_ordered"),
        ]


class HomeKind(models.TextChoices):
    HOME = "home", _("Workers' home")
    SMALL_HOME = "small_home", _("Small workers' home")


class HomeLevel(models.TextChoices):
    QUALIFIED = "qualified", _("Qualified")
    ADVANCED = "advanced", _("Advanced")
    MODEL = "model", _("Model")


class AwardingBody(models.TextChoices):
    COUNTY = "county", _("County/district federation")
    CITY = "city", _("City federation")
    PROVINCE = "province", _("Provincial federation")
    NATIONAL = "national", _("All-China Federation of Trade Unions")


class HomeRating(models.Model):
    """职工之家 rating of a grassroots union for a year, by the body that awarded it."""

    union = models.ForeignKey(Union, verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="home_ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=HomeKind.choices,
                            default=HomeKind.HOME)
    level = models.CharField(_("rating"), max_length=16, choices=HomeLevel.choices)
    awarding_body = models.CharField(_("awarded by"), max_length=16,
                                     choices=AwardingBody.choices)
    document_number = models.CharField(_("document number"), max_length=100)
    reviewed_on = models.DateField(_("last review (复查)"), null=True, blank=True)
    next_review_on = models.DateField(_("next review due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "union__path"]
        verbose_name = _("workers' home rating")
        verbose_name_plural = _("workers' home ratings")
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "kind", "awarding_body"],
                                    name="home_rating_once_per_body_and_year"),
        ]


class SiteKind(models.TextChoices):
    SERVICE_CENTER = "service_center", _("Workers' service centre")
    STATION = "station", _("Union station")
    READING_ROOM = "reading_room", _("Workers' reading room")
    MOTHER_ROOM = "mother_room", _("Caring mothers' room")
    OTHER = "other", _("Other service site")


class ServiceSite(models.Model):
    """职工服务中心, 工会驿站 and similar sites, each belonging to one node of the tree."""

    node = models.ForeignKey(Union, verbose_name=_("belongs to"), on_delete=models.PROTECT,
                             related_name="service_sites")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=16, choices=SiteKind.choices)
    address = models.CharField(_("address"), max_length=200)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=9, decimal_places=1,
                                  null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["node__path", "name"]
        verbose_name = _("service site")
        verbose_name_plural = _("service sites")
        constraints = [
            models.UniqueConstraint(fields=["node", "name"], name="site_name_unique_per_node"),
            models.CheckConstraint(condition=Q(area_m2__isnull=True) | Q(area_m2__gte=0),
                                   name="site_area_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class SiteImport(models.Model):
    """An uploaded sheet of service sites: checked rows kept until they are committed."""

    node = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           related_name="+")
    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # [{"row": n, "values": {...}, "errors": [...]}]
    committed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row["errors"])
