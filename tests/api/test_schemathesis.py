"""Fuzzing against our own schema (schemathesis): every operation, a bounded number of
derandomized examples each, as a signed-in county editor (token), through the WSGI app.

No answer may be a 500, and every answer must match what the schema says about it (status,
content type, headers, body). Two checks are left out:
- `positive_data_acceptance` expects any schema-valid body to be accepted, but an id the schema
  types as an integer must also lie in the caller's scope, which no schema can say;
- `negative_data_rejection` expects every malformed query parameter to be refused, but DRF and
  django-filter ignore optional ones they cannot read (`page_size=x`, `uncovered=maybe`, a
  repeated parameter) and answer the unfiltered list. The one where that would hurt, an empty
  `updated_since`, is refused (it found that).
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from api import tokens

load_all_checks()
EXAMPLES = 20


@pytest.fixture
def wsgi():
    # As Django's test client does: a request ending must not close the test's connection
    # (it holds the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schema.app
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(editor_a, city_officer, settings):
    # Fuzzing sends hundreds of requests in a few seconds: not what the rate limit is for.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "token": "100000/min", "user": "100000/min"}}
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis sends
    return tokens.token_issue(user=editor_a, name="fuzz", days=1, by=city_officer)[1]


def _our_schema() -> dict:
    """The schema /api/schema/ serves (built without a request: it does not depend on one)."""
    from drf_spectacular.generators import SchemaGenerator

    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_our_schema())
schema.app = get_wsgi_application()  # checks that send again need it too


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, tree, wsgi, editor_token):
    case.call_and_validate(
        app=wsgi, headers={"Authorization": f"Token {editor_token}"},
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )
