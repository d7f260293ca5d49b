"""Staff pages of online joining: the review queue, a union's join link and poster, pools.

Every object is fetched through a selector of the user's area (outside it: 404).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.text import clean_text
from members.joining import pools, selectors, services
from members.joining.forms import ApproveForm, PoolForm, PoolMoveForm, RejectForm
from members.joining.models import Pool
from members.joining.poster import PosterText, poster_pdf, poster_png
from members.joining.poster_font import PosterFontMissing
from members.joining.qr import poster_svg
from members.joining.views_public import public_url
from organizations import selectors as org_selectors
from organizations.concurrency import ConflictError
from organizations.models import ALLOWED_PARENTS, Level
from organizations.scope import scope_of
from organizations.web import editor_required, paginate, search_term

log = logging.getLogger(__name__)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The review queue of the user's area (or of one node in it: ?node=), the month-by-month
    figures, and the pools."""
    node = scope_of(request.user)
    if request.GET.get("node", "").isdigit():
        node = org_selectors.union_get(user=request.user, pk=int(request.GET["node"]))
    page = paginate(request, selectors.application_list(user=request.user, union=node))
    return render(request, "members/joining/index.html", {
        "page": page, "stats": selectors.application_stats(user=request.user, node=node),
        "pools": selectors.pool_list(user=request.user, node=node), "node": node,
        "extra_query": f"node={node.pk}&" if node else "",
    })


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    return render(request, "members/joining/application.html", {
        "app": app, "masked_id": services.applicant_id_masked(app),
        "approve_form": ApproveForm(union=app.union, initial={"employer": app.employer}),
        "reject_form": RejectForm(),
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=app.union),
    })


def _decide(request: HttpRequest, pk: int, action) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    try:
        action(app)
    except (ConflictError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("joining_application", pk=app.pk)


@require_POST
@editor_required
def application_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def approve(app):
        form = ApproveForm(request.POST, union=app.union)
        if not form.is_valid():
            raise ValidationError(_("Check the employer and the date."))
        outcome = services.application_approve(application=app, by=request.user,
                                               employer=form.cleaned_data["employer"],
                                               on=form.cleaned_data["on"])
        if outcome.transfer_request is not None:
            messages.success(request, _("%(name)s is a member of another union: a transfer "
                                        "request was sent there.") % {"name": app.name})
        else:
            messages.success(request, _("%(name)s is now a member, card number %(card)s.") % {
                "name": app.name, "card": outcome.member.card_no})
    return _decide(request, pk, approve)


@require_POST
@editor_required
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def reject(app):
        services.application_reject(application=app, by=request.user,
                                    reason=request.POST.get("reason", ""))
        messages.success(request, _("The application was rejected."))
    return _decide(request, pk, reject)


def _joinable(request: HttpRequest, pk: int):
    union = org_selectors.union_get(user=request.user, pk=pk)
    if not union.is_grassroots:
        raise Http404
    return union


@login_required
def union_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A union's (or pool's) join link: the address, the poster, renewing it."""
    union = _joinable(request, pk)
    link = services.link_of(union)
    return render(request, "members/joining/union_link.html", {
        "union": union, "link": link, "accepts": services.accepts_applications(union),
        "join_url": public_url(request, "join", link.token),
        "pool": Pool.objects.filter(union=union).first(),
        "pending": selectors.application_list(user=request.user, union=union)[:50],
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=union),
    })


def _poster_words() -> dict[str, str]:
    """The title and the instruction of every poster, SVG, PNG and PDF alike."""
    return {"title": _("Join the trade union by scanning"),
            "hint": _("Scan with your phone, fill in the form, and the union reviews it")}


@login_required
def union_poster(request: HttpRequest, pk: int) -> HttpResponse:
    union = _joinable(request, pk)
    link = services.link_of(union)
    svg = poster_svg(union_name=union.name, url=public_url(request, "join", link.token),
                     **_poster_words())
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="join-{union.pk}.svg"'
    response["Cache-Control"] = "no-store"
    return response


POSTER_KINDS = {"png": ("image/png", poster_png), "pdf": ("application/pdf", poster_pdf)}
# Characters that file systems refuse in a name (Windows is the strictest).
_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def _poster_filename(union, kind: str) -> str:
    """`attachment` with an ASCII name for old clients and the Chinese one (RFC 5987)."""
    name = _UNSAFE_IN_FILENAME.sub("_", clean_text(union.name))[:60].strip("._") or str(union.pk)
    chinese = _("%(union)s join poster") % {"union": name}
    return (f'attachment; filename="join-poster-{union.pk}.{kind}"; '
            f"filename*=UTF-8''{quote(f'{chinese}.{kind}', safe='')}")


@login_required
def union_poster_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The poster to print, as PNG or PDF (A4 at 150 dpi), drawn with the server's CJK font."""
    union = _joinable(request, pk)
    link = services.link_of(union)
    content_type, draw = POSTER_KINDS[kind]
    text = PosterText(
        **_poster_words(), union_name=union.name, url=public_url(request, "join", link.token),
        footer=_("Code made on %(date)s") % {
            "date": date_format(localtime(link.renewed_at), "DATE_FORMAT")})
    try:
        content = draw(text)
    except PosterFontMissing:
        log.exception("join poster refused: no Chinese font")
        messages.error(request, _("The poster cannot be drawn: the server has no Chinese font "
                                  "(fonts-noto-cjk). Tell the administrator; the SVG poster "
                                  "still works."))
        return redirect("joining_union", pk=union.pk)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = _poster_filename(union, kind)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@editor_required
def union_link_renew(request: HttpRequest, pk: int) -> HttpResponse:
    union = _joinable(request, pk)
    services.link_renew(union=union, by=request.user)
    messages.success(request, _("A new code was made: posters with the old one no longer work."))
    return redirect("joining_union", pk=union.pk)


@editor_required
def pool_new(request: HttpRequest) -> HttpResponse:
    """Open a pool: find the federation (county, township or village) in the user's area."""
    form = PoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        federation = org_selectors.union_get(user=request.user, pk=form.cleaned_data["federation"])
        try:
            pool = pools.pool_open(federation=federation, by=request.user,
                                   name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The pool %(name)s was opened.") % {"name": pool.union.name})
            return redirect("joining_pool", pk=pool.pk)
    q = search_term(request)
    candidates = []
    if q:
        candidates = list(org_selectors.union_list(user=request.user).filter(
            level__in=ALLOWED_PARENTS[Level.GRASSROOTS], name__icontains=q).order_by("path")[:20])
    for fed in candidates:
        fed.pool_name = pools.pool_default_name(fed)
    return render(request, "members/joining/pool_new.html", {"q": q, "candidates": candidates})


@login_required
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The pool's members, and moving them into a newly built union (chosen by search)."""
    pool = selectors.pool_get(user=request.user, pk=pk)
    members = list(selectors.pool_members(pool=pool)[:pools.MOVE_MAX])
    q, target = search_term(request), None
    if request.GET.get("to", "").isdigit():
        target = _joinable(request, int(request.GET["to"]))
    candidates = []
    if q:
        candidates = list(org_selectors.union_list(user=request.user).grassroots()
                          .filter(name__icontains=q, pool__isnull=True)
                          .exclude(pk=pool.union_id).order_by("name")[:20])
    return render(request, "members/joining/pool.html", {
        "pool": pool, "members": members, "q": q, "candidates": candidates, "target": target,
        "employers": target.employers.order_by("name") if target else [],
        "breadcrumb": org_selectors.union_ancestors(user=request.user, node=pool.union),
    })


@require_POST
@editor_required
def pool_move(request: HttpRequest, pk: int) -> HttpResponse:
    pool = selectors.pool_get(user=request.user, pk=pk)
    members = {m.pk: m for m in selectors.pool_members(pool=pool)[:pools.MOVE_MAX]}
    form = PoolMoveForm(request.POST, member_ids=list(members))
    if not form.is_valid():
        messages.error(request, _("Choose the members to move and the union."))
        return redirect("joining_pool", pk=pool.pk)
    target = _joinable(request, form.cleaned_data["to_union"])
    employer = None
    if form.cleaned_data["employer"]:
        employer = target.employers.filter(pk=form.cleaned_data["employer"]).first()
    try:
        moved = pools.pool_move(pool=pool, to_union=target, by=request.user, employer=employer,
                                members=[members[i] for i in form.cleaned_data["members"]],
                                on=form.cleaned_data["on"])
    except (ConflictError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(f"{reverse('joining_pool', args=[pool.pk])}?to={target.pk}")
    messages.success(request, _("%(n)d members were moved to %(union)s.") % {
        "n": len(moved), "union": target.name})
    return redirect("union_detail", pk=target.pk)
