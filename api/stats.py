"""Statistics per node and month as JSON: the dashboard's figures, for other systems.

The current month is live (the per-union counters, as on the dashboard); a past month is its
month-end snapshot. Scoped like the dashboard: a node outside the caller's subtree is 404.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from common.replicas import reads_from_replica
from counting.figures import FIGURE_FIELDS, Figures
from counting.months import month_start
from organizations.models import Union
from reports import selectors
from reports.models import MonthlySnapshot

RATES = ("unionization_rate", "membership_rate", "unionization_rate_100")


class FiguresSerializer(serializers.Serializer):
    unions = serializers.IntegerField()

    def get_fields(self):
        fields = {name: serializers.IntegerField() for name in FIGURE_FIELDS}
        fields["unions"] = serializers.IntegerField()
        fields.update({name: serializers.FloatField(allow_null=True) for name in RATES})
        return fields


class NodeFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    figures = FiguresSerializer()


class StatsSerializer(serializers.Serializer):
    node = NodeFiguresSerializer()
    month = serializers.CharField(help_text="YYYY-MM")
    source = serializers.ChoiceField(["live", "snapshot"])
    children = NodeFiguresSerializer(many=True)


def _figures(f: Figures) -> dict:
    data = f.as_dict()
    data["unions"] = f.unions
    data.update({name: getattr(f, name) for name in RATES})
    return data


def _node(node: Union, figures: Figures) -> dict:
    return {"id": node.pk, "name": node.name, "level": node.level, "figures": _figures(figures)}


def _month(value: str | None) -> datetime.date:
    current = month_start(timezone.localdate())
    if not value:
        return current
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise ValidationError({"month": [_("A month is written YYYY-MM.")]}) from None
    if month > current:
        raise ValidationError({"month": [_("There are no figures for a month to come.")]})
    return month


def _snapshot(node: Union, month: datetime.date) -> tuple[Figures, list[tuple[Union, Figures]]]:
    kids = list(Union.objects.filter(path__startswith=node.path, depth=node.depth + 1))
    rows = {s.node_id: s.figures for s in MonthlySnapshot.objects.filter(
        node__in=[node, *kids], month=month)}
    if node.pk not in rows:
        raise Http404(_("There is no snapshot of this node for that month."))
    return rows[node.pk], [(kid, rows.get(kid.pk, Figures())) for kid in kids]


class StatsView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("month", str, description="YYYY-MM; the current month "
                                     "(live figures) when left out, else its month-end snapshot")],
        responses={200: StatsSerializer},
    )
    def get(self, request, pk: int | None = None):
        """A node's figures and its children's, for one month (the caller's node by default)."""
        with reads_from_replica():  # statistics: a bulk read, a moment old is fine
            return self._figures_of(request, pk)

    def _figures_of(self, request, pk: int | None) -> Response:
        node = selectors.dashboard_node(user=request.user, pk=pk)
        month = _month(request.query_params.get("month"))
        if month == month_start(timezone.localdate()):
            dash = selectors.dashboard_get(user=request.user, node=node)
            totals, children, source = dash.totals, [(r.node, r.figures) for r in dash.children], "live"
        else:
            totals, children = _snapshot(node, month)
            source = "snapshot"
        return Response({
            "node": _node(node, totals), "month": f"{month:%Y-%m}", "source": source,
            "children": [_node(kid, f) for kid, f in children],
        })


class OwnStatsView(StatsView):
    @extend_schema(operation_id="stats_own", responses={200: StatsSerializer},
                   parameters=[OpenApiParameter("month", str, description="YYYY-MM")])
    def get(self, request):
        """The caller's own node: as /api/stats/{id}/."""
        return super().get(request)
