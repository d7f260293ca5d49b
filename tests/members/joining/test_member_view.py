"""会员网上激活: name + ID + a one-time code to the mobile on record; then only that member's
record; the e-card's signed QR code opens a check that says little."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.urls import reverse

from members.joining import selfservice, sms
from members.lifecycle import member_leave, member_transfer
from tests import factories as f

pytestmark = pytest.mark.django_db


def _code() -> str:
    return re.search(r"\d{6}", sms.outbox[-1].text).group(0)


def _confirm(client, member, name=None):
    return client.post(reverse("join_me"), {"name": name or member.name,
                                            "resident_id": member.resident_id, "website": ""})


def test_a_member_confirms_and_sees_only_their_record(client, tree):
    member = tree.member_a
    response = _confirm(client, member)
    assert response.url == reverse("join_me_code")
    assert [m.phone for m in sms.outbox] == ["13800001111"]
    response = client.post(reverse("join_me_code"), {"code": _code()})
    assert response.url == reverse("join_me_card")
    text = client.get(response.url).content.decode()
    assert member.name in text and member.card_no in text and tree.union_a.name in text
    assert member.joined_on.isoformat() in text
    assert "入会" in text  # the history
    # Nothing else: not the ID, not the other member, not the employer or the roster.
    assert member.resident_id not in text and member.masked_resident_id not in text
    assert tree.member_b.name not in text
    assert tree.employer_a.name not in text.replace(tree.union_a.name, "")
    assert 'src="data:image/svg+xml' in text


def test_the_history_follows_a_transfer(client, tree, city_officer):
    moved = member_transfer(member=tree.member_a, to_union=tree.union_b, by=city_officer)
    _confirm(client, tree.member_a, name=moved.name)  # the same person, as typed
    client.post(reverse("join_me_code"), {"code": _code()})
    text = client.get(reverse("join_me_card")).content.decode()
    assert tree.union_b.name in text and "转出" in text and "转入" in text


def test_wrong_name_or_unknown_id_sends_nothing_and_answers_the_same(client, tree):
    member = tree.member_a
    answers = []
    for name, rid in ((member.name, member.resident_id), ("别人", member.resident_id),
                      ("张三", f.resident_id())):
        response = client.post(reverse("join_me"), {"name": name, "resident_id": rid})
        page = client.get(response.url)
        answers.append((response.status_code, response.url, page.status_code,
                        page.content.decode().count("验证码")))
    assert answers[0] == answers[1] == answers[2]
    assert len(sms.outbox) == 1  # only the real one


def test_a_wrong_code_is_refused_and_spent_after_a_few_tries(client, tree):
    _confirm(client, tree.member_a)
    code = _code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(selfservice.CODE_TRIES):
        response = client.post(reverse("join_me_code"), {"code": wrong})
        assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    response = client.post(reverse("join_me_code"), {"code": code})
    assert response.status_code == 200  # spent by the wrong guesses
    assert client.get(reverse("join_me_card")).url == reverse("join_me")


def test_a_code_is_good_only_for_the_session_that_asked(client, tree):
    from django.test import Client

    other = Client()
    _confirm(other, tree.member_b)  # member_b has no mobile: nothing sent
    _confirm(client, tree.member_a)
    assert len(sms.outbox) == 1
    response = other.post(reverse("join_me_code"), {"code": _code()})
    assert response.status_code == 200
    assert other.get(reverse("join_me_card")).status_code == 302


def test_the_member_page_needs_a_confirmation(client, tree):
    response = client.get(reverse("join_me_card"))
    assert response.status_code == 302 and response.url == reverse("join_me")


def test_signing_out_ends_the_view(client, tree):
    _confirm(client, tree.member_a)
    client.post(reverse("join_me_code"), {"code": _code()})
    client.post(reverse("join_me_out"))
    assert client.get(reverse("join_me_card")).status_code == 302


def test_the_confirmation_is_throttled_per_address_and_id(client, tree, settings):
    settings.JOIN_LIMIT_PER_ID_PER_DAY = 2
    for _ in range(3):
        _confirm(client, tree.member_a)
    assert len(sms.outbox) == 2  # the third got the same answer, and no code
    settings.JOIN_LIMIT_PER_ADDRESS_PER_HOUR = 3
    assert _confirm(client, tree.member_a).status_code == 429


def test_the_card_check_says_only_member_and_union(client, tree):
    member = tree.member_a
    token = selfservice.card_token(member)
    text = client.get(reverse("join_card_check", args=[token])).content.decode()
    assert "有效会员卡" in text and "张*" in text and tree.union_a.name in text
    assert "张三" not in text and member.card_no not in text.split("card-check")[1]
    assert member.masked_resident_id not in text


def test_a_forged_or_enumerated_card_code_is_refused(client, tree):
    member = tree.member_a
    forged = signing.Signer(salt="other").sign(member.card_no)
    for token in (member.card_no, forged, selfservice.card_token(member)[:-2] + "xx"):
        response = client.get(reverse("join_card_check", args=[token]))
        assert response.status_code == 404, token
        assert tree.union_a.name not in response.content.decode()


def test_the_card_of_a_former_member_is_not_current(client, tree, editor_a):
    member = tree.member_a
    token = selfservice.card_token(member)
    member_leave(member=member, by=editor_a, version=member.version)
    text = client.get(reverse("join_card_check", args=[token])).content.decode()
    assert "不是有效会员卡" in text and tree.union_a.name not in text


def test_masked_names():
    assert selfservice.mask_name("张三") == "张*"
    assert selfservice.mask_name("欧阳娜娜") == "欧***"
    assert selfservice.mask_name("王") == "王*"


def test_the_sender_is_chosen_by_settings(settings, caplog):
    settings.JOIN_SMS_SENDER = "members.joining.sms.ConsoleSender"
    with caplog.at_level("INFO", logger="members.joining.sms"):
        sms.sms_send(phone="13800000000", text="123456")
    assert "123456" in caplog.text and sms.outbox == []
