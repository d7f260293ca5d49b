"""组织关系转入/转出: a union moves under another federation; a merger hands its employers over.

The counters follow a move by treebeard's `path_updated` signal (counting.live); snapshots
already written keep the tree of their month.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import history
from organizations.audit import audit
from organizations.concurrency import lock_current
from organizations.lifecycle.common import parent_of, require_editor_of
from organizations.models import EmployerStatus, Formation, Union, check_tier
from organizations.scope import is_admin
from organizations.services import cover_employers
from organizations.signals import union_saved


@transaction.atomic
def union_move(*, union: Union, to_parent: Union, by: AbstractBaseUser,
               version: int | None = None) -> Union:
    """Re-parent a union (with its subtree) within the tier rules; the user's scope must hold
    both the union and the new parent (404 otherwise). Moving a federation reshapes the
    tree: administrators only."""
    require_editor_of(by, union)
    require_editor_of(by, to_parent)
    if not union.is_grassroots and not is_admin(by):
        raise PermissionDenied
    check_tier(parent=to_parent, level=union.level)
    if to_parent.path.startswith(union.path):
        raise ValidationError({"to_parent": _("A union cannot move under itself.")})
    old_parent = parent_of(union)
    if old_parent is not None and old_parent.pk == to_parent.pk:
        raise ValidationError({"to_parent": _("The union is already under %(name)s.") % {
            "name": to_parent.name}})
    locked = lock_current(union, version=version)
    if locked.is_ended:
        raise ValidationError(_("A dissolved union stays where it was."))
    # Both parents' numchild change: lock them in a fixed order (two moves at once, no deadlock).
    list(Union.objects.select_for_update().filter(pk__in=[old_parent.pk, to_parent.pk]).order_by("pk"))
    locked.move(Union.objects.get(pk=to_parent.pk), "last-child")
    moved = Union.objects.get(pk=locked.pk)
    moved.version += 1
    reason = f"move:{old_parent.pk}:{to_parent.pk}"
    history.as_user(moved, by, reason).save()
    # The descendants' paths were rewritten by raw SQL: their history says so too.
    below = Union.objects.filter(path__startswith=moved.path).exclude(pk=moved.pk)
    history.record(Union, below.values_list("pk", flat=True), by=by, reason=reason)
    union_saved.send(sender=Union, union=moved)
    audit(by=by, action="union.move", obj=moved, node=moved,
          data={"from": old_parent.pk, "from_name": old_parent.name,
                "to": to_parent.pk, "to_name": to_parent.name})
    return moved


@transaction.atomic
def union_employers_hand_over(*, source: Union, target: Union, by: AbstractBaseUser) -> int:
    """A merger's employer half: the operating employers of `source` are covered by `target`
    from now on (a single-employer target becomes a joint union). Returns how many moved."""
    require_editor_of(by, source)
    require_editor_of(by, target)
    if source.pk == target.pk or not (source.is_grassroots and target.is_grassroots):
        raise ValidationError(_("Choose another grassroots union to merge into."))
    if source.is_ended or target.is_ended:
        raise ValidationError(_("A dissolved union takes no part in a merger."))
    first, second = sorted((source.pk, target.pk))
    locked = {u.pk: u for u in Union.objects.select_for_update().filter(pk__in=[first, second])}
    moving = list(locked[source.pk].employers.filter(status=EmployerStatus.OPEN))
    keeping = list(locked[target.pk].employers.filter(status=EmployerStatus.OPEN))
    cover_employers(union=locked[source.pk], employers=[], by=by)
    cover_employers(union=locked[target.pk], employers=keeping + moving, by=by)
    into = locked[target.pk]
    if len(keeping) + len(moving) > 1 and into.formation == Formation.INDEPENDENT:
        into.formation = Formation.JOINT
        into.version += 1
        history.as_user(into, by, f"merge:{source.pk}").save()
        union_saved.send(sender=Union, union=into)
    return len(moving)
