"""The life-cycle panel on a union's page (the page belongs to the members app): its state,
a link to its steps and history, and the employers of it that closed (the union is told)."""

from django import template

from organizations.lifecycle.selectors import closed_employers_of
from organizations.selectors import employer_list

register = template.Library()


@register.inclusion_tag("organizations/_union_life_panel.html", takes_context=True)
def union_life_panel(context, union):
    user = context["request"].user
    closed = employer_list(user=user).filter(pk__in=closed_employers_of(union=union).values("pk"))
    return {"union": union, "closed_employers": list(closed.order_by("-closed_on", "name"))}
