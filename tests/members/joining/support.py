"""Applications made through the service, as the public page makes them."""

from __future__ import annotations

from members.joining import services
from tests import factories as f


def apply(union, *, resident_id: str | None = None, name: str = "王五", **fields):
    link = services.link_of(union)
    fields.setdefault("phone", "13912345678")
    return services.application_submit(link=link, resident_id=resident_id or f.resident_id(),
                                       name=name, **fields)
