"""The public pages (no login): the join form behind a QR code, the member's own view, and
the e-card check. Thin: throttle, parse, call, render.

None of them tells whether an ID is registered: a valid application always answers "received",
a confirmation always asks for the code, and a wrong code is wrong either way.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from members.joining import selfservice, services
from members.joining.forms import CodeForm, ConfirmForm, JoinForm
from members.joining.models import Pool
from members.joining.qr import qr_svg_data_uri
from members.joining.throttle import address_allows, id_allows

SESSION_CLAIM, SESSION_MEMBER, SESSION_UNTIL = "join_claim", "join_member", "join_member_until"


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "members/joining/too_many.html", status=429)


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "members/joining/link_invalid.html", status=404)


@never_cache
def join(request: HttpRequest, token: str) -> HttpResponse:
    link = services.link_by_token(token)
    if link is None:
        return _invalid(request)
    union = link.union
    pool = Pool.objects.filter(union=union).exists()
    form = JoinForm(request.POST or None, union=union, pool=pool)
    if request.method == "POST":
        if not address_allows(request, what="join"):
            return _too_many(request)
        if form.is_bot():
            return redirect("join_received")
        if form.is_valid():
            data = form.service_fields()
            # Over the per-ID limit nothing is stored, and the answer is the same.
            if id_allows(data["resident_id"], what="join"):
                services.application_submit(link=link, **data)
            return redirect("join_received")
    return render(request, "members/joining/join.html", {
        "form": form, "union": union, "pool": pool, "today": timezone.localdate(),
    })


def join_received(request: HttpRequest) -> HttpResponse:
    return render(request, "members/joining/received.html")


@never_cache
def me_confirm(request: HttpRequest) -> HttpResponse:
    """会员网上激活, step 1: name and ID; a code goes to the mobile number on record."""
    form = ConfirmForm(request.POST or None)
    if request.method == "POST":
        if not address_allows(request, what="me"):
            return _too_many(request)
        if form.is_bot():
            return redirect("join_me_code")
        if form.is_valid():
            name, rid = form.cleaned_data["name"], form.cleaned_data["resident_id"]
            if id_allows(rid, what="me"):
                claim = selfservice.code_request(name=name, resident_id=rid)
            else:
                claim = ""
            request.session[SESSION_CLAIM] = claim
            return redirect("join_me_code")
    return render(request, "members/joining/me_confirm.html", {"form": form})


@never_cache
def me_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not address_allows(request, what="code"):
            return _too_many(request)
        member_pk = None
        if form.is_valid():
            member_pk = selfservice.code_check(claim=request.session.get(SESSION_CLAIM, ""),
                                               code=form.cleaned_data["code"])
        if member_pk is not None:
            request.session.cycle_key()  # a new session for the confirmed person
            request.session.pop(SESSION_CLAIM, None)
            request.session[SESSION_MEMBER] = member_pk
            request.session[SESSION_UNTIL] = time.time() + settings.JOIN_MEMBER_SESSION_MINUTES * 60
            return redirect("join_me_card")
        error = _("The code is wrong or has expired. Please try again, or ask for a new code.")
        return render(request, "members/joining/me_code.html", {"form": CodeForm(), "error": error})
    return render(request, "members/joining/me_code.html", {"form": form})


def _confirmed_member(request: HttpRequest) -> int | None:
    until = request.session.get(SESSION_UNTIL) or 0
    if until < time.time():
        request.session.pop(SESSION_MEMBER, None)
        return None
    return request.session.get(SESSION_MEMBER)


@never_cache
def me_card(request: HttpRequest) -> HttpResponse:
    """The member's own record: union, card number, join date, history; nothing else."""
    member_pk = _confirmed_member(request)
    record = selfservice.own_record(member_pk=member_pk) if member_pk else None
    if record is None:
        return redirect("join_me")
    verify_url = public_url(request, "join_card_check", record.card_token)
    return render(request, "members/joining/me_card.html", {
        "record": record, "member": record.member, "qr": qr_svg_data_uri(verify_url),
    })


@require_POST
def me_out(request: HttpRequest) -> HttpResponse:
    for key in (SESSION_CLAIM, SESSION_MEMBER, SESSION_UNTIL):
        request.session.pop(key, None)
    return redirect("join_me")


@never_cache
def card_check(request: HttpRequest, token: str) -> HttpResponse:
    """The e-card's QR code: whether it is a current member's card, of which union."""
    if not address_allows(request, what="card"):
        return _too_many(request)
    check = selfservice.card_verify(token)
    return render(request, "members/joining/card_check.html", {"check": check},
                  status=200 if check is not None else 404)


def public_url(request: HttpRequest, name: str, *args) -> str:
    """An absolute address for a QR code: JOIN_PUBLIC_URL if set (posters are printed for the
    public site), else the address this page was reached at."""
    path = reverse(name, args=args)
    base = settings.JOIN_PUBLIC_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)
