"""What every governance page of a node shows around its content."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from organizations.models import Union
from organizations.selectors import union_ancestors


def node_context(user: AbstractBaseUser, node: Union, tab: str) -> dict:
    return {"node": node, "tab": tab, "breadcrumb": union_ancestors(user=user, node=node)}
