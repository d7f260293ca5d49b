"""主席补贴: yearly totals per node, the year's payments as Excel, recording a payment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import records, selectors
from governance.forms import StipendForm, year_from
from governance.models import OfficerRole
from governance.stipend_sheet import stipend_workbook
from governance.views.common import node_context
from organizations.web import call_service, editor_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def node_stipends(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(user=request.user, pk=pk)
    year = year_from(request, timezone.localdate().year)
    rows, total = selectors.stipend_table(user=request.user, node=node, year=year)
    return render(request, "governance/node_stipends.html", {
        **node_context(request.user, node, "stipends"), "year": year, "rows": rows,
        "total": total,
        "payments": selectors.stipend_list(user=request.user, node=node, year=year)[:200],
    })


@login_required
def stipend_xlsx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    node = selectors.node_get(user=request.user, pk=pk)
    if not 1980 <= year <= 2100:
        raise Http404
    response = HttpResponse(stipend_workbook(user=request.user, node=node, year=year),
                            content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chair-stipends-{node.pk}-{year}.xlsx"'
    return response


@editor_required
def stipend_new(request: HttpRequest, pk: int) -> HttpResponse:
    officer = selectors.officer_get(user=request.user, pk=pk)
    union = officer.committee.union
    if officer.role != OfficerRole.CHAIR:
        raise Http404
    form = StipendForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        stipend = call_service(form, lambda: records.stipend_record(
            officer=officer, by=request.user, **form.cleaned_data))
        if stipend is not None:
            messages.success(request, _("Stipend recorded."))
            return redirect("governance_union", pk=union.pk)
    return render(request, "governance/stipend_form.html", {
        **node_context(request.user, union, "union"), "union": union, "officer": officer,
        "form": form, "stipends": officer.stipends.order_by("-paid_on")})
