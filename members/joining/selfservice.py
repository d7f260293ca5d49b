"""会员网上激活: a member confirms their record (name + ID + a one-time code sent to the mobile
number on record) and then sees their own membership and e-card; the card's QR code opens a
public check that says only whether it is a current member's card, of which union, and the
holder's masked name.

Every answer before the code is the same whether or not the person is a member. The pending
code lives in the cache under a keyed hash of the ID (never the ID), hashed, with few tries.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from common.text import clean_text
from members.identity import normalize_resident_id
from members.joining.sms import sms_send
from members.joining.throttle import id_digest
from members.models import CURRENT_STATUSES, Member, MemberEvent
from members.phones import MOBILE, normalize_phone

CODE_TRIES = 5
CARD_SALT = "members.joining.ecard"


def _code_key(claim: str) -> str:
    return f"join:code:{claim}"


def _code_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), b"join-code:" + code.encode(),
                    hashlib.sha256).hexdigest()


def code_request(*, name: str, resident_id: str) -> str:
    """Send a code to the member's mobile if name and ID match a current membership; return
    the claim to keep in the session — the same kind of value either way."""
    resident_id = normalize_resident_id(resident_id)
    claim = id_digest(resident_id)
    member = (Member.objects.with_resident_id(resident_id).filter(status__in=CURRENT_STATUSES)
              .order_by("-pk").first())
    cache.delete(_code_key(claim))
    if member is None or clean_text(member.name) != clean_text(name):
        return claim
    phone = normalize_phone(member.phone)
    if not MOBILE.match(phone):
        return claim
    code = f"{secrets.randbelow(1_000_000):06d}"
    cache.set(_code_key(claim), {"member": member.pk, "hash": _code_hash(code), "tries": 0},
              timeout=settings.JOIN_CODE_TTL_MINUTES * 60)
    sms_send(phone=phone, text=_("Your trade union membership verification code is %(code)s, "
                                 "valid for %(minutes)d minutes. Do not tell anyone.")
             % {"code": code, "minutes": settings.JOIN_CODE_TTL_MINUTES})
    return claim


def code_check(*, claim: str, code: str) -> int | None:
    """The member's pk if the code is right; a code is spent by success or by CODE_TRIES
    wrong guesses."""
    key = _code_key(claim)
    pending = cache.get(key) if claim else None
    if not pending:
        return None
    if hmac.compare_digest(pending["hash"], _code_hash((code or "").strip())):
        cache.delete(key)
        return pending["member"]
    pending["tries"] += 1
    if pending["tries"] >= CODE_TRIES:
        cache.delete(key)
    else:
        cache.set(key, pending, timeout=settings.JOIN_CODE_TTL_MINUTES * 60)
    return None


@dataclass
class OwnRecord:
    member: Member
    events: list[MemberEvent]
    card_token: str


def own_record(*, member_pk: int) -> OwnRecord | None:
    """The confirmed person's current membership (they may have moved since) and history."""
    row = Member.objects.filter(pk=member_pk).first()
    if row is None:
        return None
    member = (Member.objects.filter(resident_id_hash=row.resident_id_hash, status__in=CURRENT_STATUSES)
              .select_related("union").order_by("-pk").first())
    if member is None:
        return None
    events = list(MemberEvent.objects.filter(member__resident_id_hash=row.resident_id_hash)
                  .select_related("union").order_by("date", "pk"))
    return OwnRecord(member=member, events=events, card_token=card_token(member))


# --- the e-card and its public check -------------------------------------------------------

def card_token(member: Member) -> str:
    """Signed, so a card cannot be forged nor its neighbours' numbers tried."""
    return signing.Signer(salt=CARD_SALT).sign(member.card_no)


def mask_name(name: str) -> str:
    """张三 → 张*; 欧阳娜娜 → 欧***."""
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


@dataclass
class CardCheck:
    valid: bool
    union_name: str = ""
    masked_name: str = ""


def card_verify(token: str) -> CardCheck | None:
    """None for a code that was not signed here; else whether the card is a current member's."""
    if not token or len(token) > 200:
        return None
    try:
        card_no = signing.Signer(salt=CARD_SALT).unsign(token)
    except signing.BadSignature:
        return None
    member = (Member.objects.filter(card_no=card_no, status__in=CURRENT_STATUSES)
              .select_related("union").first()) if card_no else None
    if member is None:
        return CardCheck(valid=False)
    return CardCheck(valid=True, union_name=member.union.name, masked_name=mask_name(member.name))
