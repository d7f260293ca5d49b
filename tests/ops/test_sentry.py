"""Errors to Sentry only with SENTRY_DSN, and without personal data."""

from __future__ import annotations

import sentry_sdk

from ops.sentry import before_send, sentry_init
from tests import factories as f


def test_events_lose_ids_phones_cookies_and_form_fields():
    resident_id = f.resident_id(9300)
    event = {
        "message": f"duplicate key (resident_id)=({resident_id})",
        "exception": {"values": [{"value": f"member {resident_id} phone 13912345678"}]},
        "request": {"cookies": {"sessionid": "abc"}, "headers": {"Cookie": "sessionid=abc"},
                    "data": {"resident_id": resident_id, "phone": "13912345678"}},
        "breadcrumbs": {"values": [{"message": f"SELECT … WHERE resident_id = '{resident_id}'"}]},
    }
    text = repr(before_send(event, {}))
    assert resident_id not in text and "13912345678" not in text and "sessionid=abc" not in text
    assert "[resident-id]" in text and "duplicate key" in text


def test_it_starts_with_personal_data_off():
    sentry_init("http://public@127.0.0.1:9/1", environment="test")
    try:
        options = sentry_sdk.get_client().options
        assert options["send_default_pii"] is False
        assert options["max_request_body_size"] == "never"
        assert options["include_local_variables"] is False
        assert options["before_send"] is before_send
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: nothing is sent by later tests
