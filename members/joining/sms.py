"""One-time codes go out through a pluggable sender (settings.JOIN_SMS_SENDER).

`ConsoleSender` logs the message (development), `LocmemSender` appends it to the module-level
`outbox` (tests, like Django's locmem e-mail backend), `HttpSmsGateway` posts it to the SMS
gateway configured by JOIN_SMS_GATEWAY_URL / JOIN_SMS_GATEWAY_TOKEN (production).
"""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    phone: str
    text: str


outbox: list[Message] = []


class ConsoleSender:
    def send(self, *, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


class LocmemSender:
    def send(self, *, phone: str, text: str) -> None:
        outbox.append(Message(phone=phone, text=text))


class HttpSmsGateway:
    """POSTs {"phone", "text"} as JSON with a bearer token; a gateway error is logged, and the
    page's answer stays the same (it must not tell whether a code was sent)."""

    timeout = 5

    def send(self, *, phone: str, text: str) -> None:
        body = json.dumps({"phone": phone, "text": text}).encode()
        request = urllib.request.Request(
            settings.JOIN_SMS_GATEWAY_URL, data=body, method="POST",
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {settings.JOIN_SMS_GATEWAY_TOKEN}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read(1024)
        except OSError:
            log.exception("SMS gateway refused a one-time code")


def sms_send(*, phone: str, text: str) -> None:
    import_string(settings.JOIN_SMS_SENDER)().send(phone=phone, text=text)
