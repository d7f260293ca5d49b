"""Tags other apps' pages load (`{% load governance %}`), so that they need not import this app:
a member's officer roles on the member page, and the governance tiles of the dashboard."""

from __future__ import annotations

from django import template
from django.utils import timezone

from governance import selectors
from organizations.scope import is_within

register = template.Library()


@register.inclusion_tag("governance/_member_roles.html", takes_context=True)
def officer_roles(context, member) -> dict:
    """The person's officer roles within the viewer's scope (none shown outside it)."""
    user = context["request"].user
    roles = selectors.officer_roles_of_member(user=user, member=member) if member else []
    return {"roles": roles}


@register.inclusion_tag("governance/_dashboard_tiles.html", takes_context=True)
def governance_tiles(context, node) -> dict:
    """Share of unions with a current committee, and the latest year's 职工之家 ratings."""
    user = context["request"].user
    if node is None or not is_within(user, node):
        return {"show": False}
    today = timezone.localdate()
    year = selectors.home_rating_latest_year(node)
    return {
        "show": True, "node": node,
        "share": selectors.committee_share(node, today=today),
        "due": None if node.is_grassroots else selectors.elections_due_count(node, today=today),
        "rating_year": year,
        "ratings": selectors.home_rating_counts(node, year) if year else None,
    }
