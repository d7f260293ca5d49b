"""One demo login per role, attached to the seeded tree."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from organizations.models import Level, Role, StaffAccount, Union

DEMO_PASSWORD = "unionreg-demo"


def demo_logins_create() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo accounts; returns (username, password, what it is) rows."""
    User = get_user_model()
    city = Union.objects.filter(level=Level.CITY).order_by("path").first()
    county = Union.objects.filter(level=Level.COUNTY).order_by("path").first()
    township = Union.objects.filter(level=Level.TOWNSHIP, path__startswith=county.path).order_by("path").first()
    plan = [
        ("city", city, Role.ADMIN, f"city officer (admin) — {city.name}"),
        ("county", county, Role.EDITOR, f"county editor — {county.name}"),
        ("township", township, Role.VIEWER, f"township viewer — {township.name}"),
    ]
    rows = []
    for username, node, role, label in plan:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(DEMO_PASSWORD)
        user.save()
        StaffAccount.objects.update_or_create(user=user, defaults={"node": node, "role": role})
        rows.append((username, DEMO_PASSWORD, label))
    admin, _ = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
    admin.is_staff = admin.is_superuser = True
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    rows.append(("admin", DEMO_PASSWORD, "superuser (Django admin at /admin/)"))
    return rows
