"""The merger page: choose the union to merge into, see what moves, confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.union_merge.services import ENDED_MEMBER_STATUSES, union_merge
from organizations import selectors as org_selectors
from organizations.forms import DATE_INPUT
from organizations.models import ENDED_STATUSES, Union
from organizations.web import call_service, editor_required


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=gettext_lazy("Merge into"), queryset=Union.objects.none())
    on = forms.DateField(label=gettext_lazy("Date of the merger"), widget=DATE_INPUT)
    reason = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args, user: AbstractBaseUser, source: Union, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Grassroots unions in the user's scope that still hold: a forged id elsewhere is refused.
        self.fields["target"].queryset = (
            org_selectors.union_list(user=user).grassroots().exclude(pk=source.pk)
            .exclude(status__in=ENDED_STATUSES).order_by("name"))


@editor_required
def union_merge_page(request: HttpRequest, pk: int) -> HttpResponse:
    source = org_selectors.union_get(user=request.user, pk=pk)  # 404 outside the scope
    if not source.is_grassroots:
        raise Http404
    form = MergeForm(request.POST or None, user=request.user, source=source,
                     initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = call_service(form, lambda: union_merge(
            source=source, target=data["target"], by=request.user, on=data["on"],
            reason=data["reason"]))
        if target is not None:
            messages.success(request, _("%(source)s is merged into %(target)s.") % {
                "source": source.name, "target": target.name})
            return redirect("union_detail", pk=target.pk)
    return render(request, "members/union_merge.html", {
        "union": source, "form": form,
        "members": source.members.exclude(status__in=ENDED_MEMBER_STATUSES).count(),
        "employers": org_selectors.union_employers(user=request.user, union=source).open().count(),
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=source),
    })
