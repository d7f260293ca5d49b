"""Writes of chair stipends, 职工之家 ratings and service sites: one use case, one transaction,
one audit entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import ChairStipend, HomeRating, Officer, OfficerRole, ServiceSite
from organizations.audit import audit
from organizations.concurrency import assign_changes, lock_current
from organizations.models import Union
from organizations.scope import require_within

STIPEND_FIELDS = ("amount", "period_start", "period_end", "paid_on", "source", "note")
RATING_FIELDS = ("year", "kind", "level", "awarding_body", "document_number", "reviewed_on",
                 "next_review_on")
SITE_FIELDS = ("node", "name", "kind", "address", "opening_hours", "area_m2")


@transaction.atomic
def stipend_record(*, officer: Officer, by: AbstractBaseUser, **fields: Any) -> ChairStipend:
    """主席补贴: one payment to a chair for a period."""
    union = officer.committee.union
    require_within(by, union)
    if officer.role != OfficerRole.CHAIR:
        raise ValidationError(_("Stipends are paid to chairs only."))
    stipend = ChairStipend(officer=officer, union=union,
                           **{k: v for k, v in fields.items() if k in STIPEND_FIELDS})
    stipend.full_clean()
    if stipend.period_end < stipend.period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if stipend.amount <= Decimal(0):
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    if stipend.paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("This date is in the future.")})
    stipend.save()
    audit(by=by, action="stipend.record", obj=stipend, node=union, data={
        "officer": officer.pk, "amount": str(stipend.amount),
        "paid_on": stipend.paid_on.isoformat(), "source": stipend.source})
    return stipend


def _check_rating(rating: HomeRating) -> None:
    if not rating.union.is_grassroots:
        raise ValidationError(_("职工之家 ratings are given to grassroots unions."))
    this_year = timezone.localdate().year
    if not 1980 <= rating.year <= this_year:
        raise ValidationError({"year": _("The year must be between 1980 and %(year)s.") % {
            "year": this_year}})
    if rating.reviewed_on and rating.reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("This date is in the future.")})
    clash = HomeRating.objects.filter(
        union=rating.union, year=rating.year, kind=rating.kind,
        awarding_body=rating.awarding_body).exclude(pk=rating.pk)
    if clash.exists():
        raise ValidationError(_(
            "This union already has a rating of this kind from this body for %(year)s.") % {
            "year": rating.year})


def _save_rating(rating: HomeRating) -> None:
    try:
        with transaction.atomic():  # a savepoint: the same rating may be recorded at once
            rating.save()
    except IntegrityError:
        raise ValidationError(_(
            "This union already has a rating of this kind from this body for %(year)s.") % {
            "year": rating.year})


@transaction.atomic
def home_rating_record(*, union: Union, by: AbstractBaseUser, **fields: Any) -> HomeRating:
    require_within(by, union)
    rating = HomeRating(union=union, **{k: v for k, v in fields.items() if k in RATING_FIELDS})
    rating.full_clean(validate_constraints=False)
    _check_rating(rating)
    _save_rating(rating)
    audit(by=by, action="home_rating.record", obj=rating, node=union, data={
        "year": rating.year, "level": rating.level, "awarding_body": rating.awarding_body,
        "document_number": rating.document_number})
    return rating


@transaction.atomic
def home_rating_update(*, rating: HomeRating, by: AbstractBaseUser, **fields: Any) -> HomeRating:
    """Corrections and the 复查 dates of a rating."""
    require_within(by, rating.union)
    locked = HomeRating.objects.select_for_update().select_related("union").get(pk=rating.pk)
    changed = assign_changes(locked, fields, allowed=RATING_FIELDS)
    locked.full_clean(validate_constraints=False)
    _check_rating(locked)
    _save_rating(locked)
    audit(by=by, action="home_rating.update", obj=locked, node=locked.union, data=changed)
    return locked


def _check_site(site: ServiceSite, by: AbstractBaseUser) -> None:
    require_within(by, site.node)
    site.name = site.name.strip()
    site.full_clean(validate_constraints=False)
    if ServiceSite.objects.filter(node=site.node, name=site.name).exclude(pk=site.pk).exists():
        raise ValidationError({"name": _("%(node)s already has a site of this name.") % {
            "node": site.node.name}})


def _save_site(site: ServiceSite) -> None:
    try:
        with transaction.atomic():  # a savepoint: the same name may be saved at the same moment
            site.save()
    except IntegrityError:
        raise ValidationError({"name": _("%(node)s already has a site of this name.") % {
            "node": site.node.name}})


@transaction.atomic
def site_create(*, by: AbstractBaseUser, **fields: Any) -> ServiceSite:
    site = ServiceSite(**{k: v for k, v in fields.items() if k in SITE_FIELDS})
    _check_site(site, by)
    _save_site(site)
    audit(by=by, action="service_site.create", obj=site, node=site.node,
          data={"name": site.name, "kind": site.kind})
    return site


@transaction.atomic
def site_update(*, site: ServiceSite, by: AbstractBaseUser, version: int | None,
                **fields: Any) -> ServiceSite:
    require_within(by, site.node)
    locked = lock_current(site, version=version)
    changed = assign_changes(locked, fields, allowed=SITE_FIELDS)
    if "node" in changed:
        changed["node"] = str(locked.node_id)
    _check_site(locked, by)
    locked.version += 1
    _save_site(locked)
    audit(by=by, action="service_site.update", obj=locked, node=locked.node, data=changed)
    return locked
