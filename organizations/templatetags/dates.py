"""Dates in tables, one way everywhere: 2024-06-30 (a datetime in local time), a dash for none.

The ISO order reads naturally in Chinese, sorts as text, and is what the date fields accept,
so a date copied from a table can be typed back into a form.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def ymd(value: datetime.date | datetime.datetime | None) -> str:
    if not value:
        return "—"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")
