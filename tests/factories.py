"""Builders of valid objects for tests: real checksums, real tree rules, through the services."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model
from stdnum.cn import ric, uscc

from members.models import Member
from organizations.models import Employer, Formation, Level, Role, StaffAccount, Union

_counter = itertools.count(1)


def resident_id(n: int | None = None, *, female: bool = False, birth: str = "19900101") -> str:
    """A valid 18-character resident ID, unique per n (Beijing Dongcheng area code)."""
    n = next(_counter) if n is None else n
    seq = (n * 2) % 1000 + (0 if female else 1)
    seq = seq if seq < 1000 else seq - 2
    body = f"110101{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def credit_code(n: int | None = None) -> str:
    n = next(_counter) if n is None else n
    body = f"91320200MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def node(parent: Union | None, level: str, name: str, **fields) -> Union:
    if level == Level.GRASSROOTS:
        fields.setdefault("formation", Formation.INDEPENDENT)
    instance = Union(name=name, level=level, **fields)
    return Union.objects.add_child(parent, instance=instance) if parent else Union.objects.add_root(instance=instance)


def employer(at: Union, *, union: Union | None = None, employees: int = 50, **fields) -> Employer:
    fields.setdefault("name", f"测试企业{next(_counter)}有限公司")
    fields.setdefault("credit_code", credit_code())
    fields.setdefault("ownership", "private")
    return Employer.objects.create(node=at, union=union, employees=employees, **fields)


def member(union: Union, **fields) -> Member:
    fields.setdefault("name", f"会员{next(_counter)}")
    fields.setdefault("resident_id", resident_id())
    fields.setdefault("joined_on", datetime.date(2024, 1, 15))
    return Member.objects.create(union=union, **fields)


def staff(username: str, at: Union, role: str = Role.EDITOR):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-1")
    StaffAccount.objects.create(user=user, node=at, role=role)
    return user
