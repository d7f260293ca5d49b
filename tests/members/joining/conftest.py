import pytest
from django.core.cache import cache

from members.joining import services, sms
from tests import factories as f


@pytest.fixture(autouse=True)
def _joining_settings(settings):
    """Codes go to the in-memory outbox; counters (in the cache) start at zero."""
    settings.JOIN_SMS_SENDER = "members.joining.sms.LocmemSender"
    sms.outbox.clear()
    cache.clear()
    yield
    cache.clear()
    sms.outbox.clear()


@pytest.fixture
def link_a(tree):
    return services.link_of(tree.union_a)


@pytest.fixture
def applicant():
    """Form data of a valid application to union A (employer A)."""
    def build(tree, **overrides):
        data = {"name": "王五", "resident_id": f.resident_id(), "phone": "13912345678",
                "employer": str(tree.employer_a.pk), "new_form_category": "", "eight_group": "",
                "consent": "on", "website": ""}
        data.update(overrides)
        return data
    return build
