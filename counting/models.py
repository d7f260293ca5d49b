"""Running totals per node of the tree, kept current in the writers' transactions (DESIGN.md §4).

A row holds the facts *attributed* to one node:

* a grassroots union's row: its active members (by flag), and the employers it covers;
* a federation's row: the employers located there that no union covers.

Every grassroots union has a row. The roll-up to any node is a sum over the rows whose `path`
starts with the node's path, grouped by child: one table, no join, about 15,000 rows for a
city. For that the row repeats a few facts of its union (path, built or not, formation,
founding date); `counting.live` refreshes them when a union is saved or its subtree moves, and
the recount checks them like every other figure.

`members_new` counts the active members who joined in `new_month` (the first day of a month);
a row last touched in an earlier month simply reads as zero new members this month.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from counting.rules import EMPLOYER_FIGURES, KEPT_FIGURE, MEMBER_FIGURES

# The additive figures of a row, in a fixed order (recount and snapshots share it).
COUNT_FIELDS = EMPLOYER_FIGURES + MEMBER_FIGURES + (KEPT_FIGURE,)
UNION_FIELDS = ("path", "built", "unions_independent", "unions_joint", "founded_on")


class NodeCounts(models.Model):
    node = models.OneToOneField(
        "organizations.Union", primary_key=True, on_delete=models.CASCADE, related_name="counts"
    )
    # Copied from the union (see the module docstring).
    path = models.CharField(max_length=255, db_index=True, default="")
    built = models.BooleanField(default=False, help_text="an active grassroots union")
    unions_independent = models.SmallIntegerField(default=0)
    unions_joint = models.SmallIntegerField(default=0)
    founded_on = models.DateField(null=True, blank=True)
    # Signed on purpose: one transaction may subtract before it adds.
    employers = models.IntegerField(default=0)
    employers_100 = models.IntegerField(default=0)
    # int, not bigint: PostgreSQL sums int into bigint, but bigint into (slow) numeric.
    employees = models.IntegerField(default=0)
    migrant_employees = models.IntegerField(default=0)
    members = models.IntegerField(default=0)
    members_female = models.IntegerField(default=0)
    members_migrant = models.IntegerField(default=0)
    members_new_form = models.IntegerField(default=0)
    members_eight_group = models.IntegerField(default=0)
    # 保留会籍: kept memberships, not among `members` (counting.rules.KEPT_FIGURE).
    members_kept = models.IntegerField(default=0)
    new_month = models.DateField(null=True, blank=True)
    members_new = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("node counts")
        verbose_name_plural = _("node counts")

    def __str__(self) -> str:
        return f"counts of node #{self.node_id}"


class RollupFigures(models.Model):
    """The figures of a whole subtree (counting.figures.FIGURE_FIELDS), in the rows below.

    bigint: a province's or the nation's employees need more than int, and nothing sums these
    columns in SQL (a read adds a handful of rows in Python).
    """

    unions_independent = models.BigIntegerField(default=0)
    unions_joint = models.BigIntegerField(default=0)
    employers = models.BigIntegerField(default=0)
    employers_covered = models.BigIntegerField(default=0)
    employers_100 = models.BigIntegerField(default=0)
    employers_100_covered = models.BigIntegerField(default=0)
    employees = models.BigIntegerField(default=0)
    migrant_employees = models.BigIntegerField(default=0)
    members = models.BigIntegerField(default=0)
    members_female = models.BigIntegerField(default=0)
    members_migrant = models.BigIntegerField(default=0)
    members_new_form = models.BigIntegerField(default=0)
    members_eight_group = models.BigIntegerField(default=0)
    members_kept = models.BigIntegerField(default=0)
    # Figures of one month (`month`): a row of an earlier month reads as zero for these.
    month = models.DateField(null=True, blank=True)
    unions_new = models.BigIntegerField(default=0)
    members_new = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class SubtreeTotals(RollupFigures):
    """A node's subtree figures as of the last fold (counting.rollup): one row per node.

    Only the fold and the recount write here, so no writer ever waits on a city's row; the
    exact figure is this row plus the node's rows still in SubtreeDelta.
    """

    node = models.OneToOneField(
        "organizations.Union", primary_key=True, on_delete=models.CASCADE, related_name="totals"
    )

    class Meta:
        verbose_name = _("subtree totals")
        verbose_name_plural = _("subtree totals")


class SubtreeDelta(RollupFigures):
    """Insert-only ledger: what one change adds to the subtree figures of `node` (one row per
    ancestor of the changed counters row, itself included). Folded into SubtreeTotals and
    deleted by the fold job; readers add the rows not folded yet, so figures are exact."""

    node = models.ForeignKey(
        "organizations.Union", on_delete=models.CASCADE, related_name="+", db_index=True
    )

    class Meta:
        verbose_name = _("subtree delta")
        verbose_name_plural = _("subtree deltas")
