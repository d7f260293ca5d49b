"""The dashboard and the 四清 work-list: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.replicas import reads_from_replica
from members.joining.selectors import joining_tile
from organizations import services as org_services
from organizations.concurrency import ConflictError
from organizations.models import Level
from organizations.scope import can_edit
from organizations.selectors import employer_get
from organizations.web import editor_required
from reports import selectors
from reports.forms import NoUnionReasonForm
from reports.templatetags.report_format import chinese
from reports.worklist import targets


def _chart_data(dashboard: selectors.Dashboard, progress: targets.Progress) -> dict:
    """What the charts draw; numbers stay exact, the page formats them."""
    return {
        "targets": [
            {"name": row.node.name, "unions_done": row.unions_done,
             "unions_target": row.target.new_unions, "members_done": row.members_done,
             "members_target": row.target.new_members}
            for row in progress.rows if row.target is not None
        ],
        "children": [
            {"name": row.node.name, "members": row.figures.members,
             "migrants": row.figures.members_migrant, "unions": row.figures.unions,
             "url": reverse("reports_dashboard_node", args=[row.node.pk])}
            for row in dashboard.children
        ],
        "trend": [
            {"month": month.strftime("%Y-%m"), "members": f.members, "unions": f.unions,
             "migrants": f.members_migrant}
            for month, f in dashboard.trend
        ],
        "labels": {"members": _("Members"), "migrants": _("Migrant-worker members"),
                   "unions": _("Grassroots unions"),
                   # 万 only in Chinese: an English page gets exact figures.
                   "wan": _("%(number)s万") if chinese() else "",
                   "target_unions": _("New unions, % of target"),
                   "target_members": _("New members, % of target")},
    }


@login_required
@reads_from_replica()  # figures a moment old are fine; a user who just wrote reads the primary
def dashboard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    node = selectors.dashboard_node(user=request.user, pk=pk)
    sort = request.GET.get("sort", "")
    data = selectors.dashboard_get(user=request.user, node=node, sort=sort)
    progress = targets.target_progress(user=request.user, node=node, year=targets.this_year())
    return render(request, "reports/dashboard.html", {
        "dash": data,
        "node": node,
        "level_label": Level(node.level).label,
        "sort": sort,
        "chart_data": _chart_data(data, progress),
        "progress": progress,
        "may_set_targets": can_edit(request.user) and bool(progress.rows),
        "report_breadcrumb": data.breadcrumb,
        "joining": joining_tile(user=request.user, node=node),
    })


@login_required
def tree_children(request: HttpRequest, pk: int) -> HttpResponse:
    """One level of the 组织树, as HTML that the node page's tree inserts when a branch opens
    (organizations, below reports, cannot read the counters itself)."""
    node = selectors.dashboard_node(user=request.user, pk=pk)
    return render(request, "reports/_tree_level.html", {
        "level": selectors.tree_children(user=request.user, node=node),
    })


@require_POST
@editor_required
def worklist_reason(request: HttpRequest, pk: int) -> HttpResponse:
    """Record why an employer has no union, through the employer service (audited, versioned)."""
    employer = employer_get(user=request.user, pk=pk)
    form = NoUnionReasonForm(request.POST, prefix=f"e{employer.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("version", []))
                       or _("The reason could not be saved: please check the entry."))
    else:
        try:
            org_services.employer_update(
                employer=employer, by=request.user, version=form.cleaned_data["version"],
                no_union_reason=form.cleaned_data["no_union_reason"],
                no_union_note=form.cleaned_data["no_union_note"],
            )
        except (ConflictError, ValidationError) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Reason saved for %(name)s.") % {"name": employer.name})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("reports_worklist")
    return redirect(back)
