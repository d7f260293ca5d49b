"""DATABASE_REPLICA_URL becomes database aliases; with none, every read goes to the primary."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings
from django.db import router

from common.replicas import reads_from_replica
from members.models import Member

PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'replicas': s.REPLICA_DATABASES, "
    "'hosts': {a: [d['HOST'], d['PORT'], d['NAME'], d['TEST']] for a, d in s.DATABASES.items()}}))"
)


def _settings_with(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    out = subprocess.run(
        [sys.executable, "-c", PRINT],
        env={**clean, **env},
        check=True,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_each_replica_url_becomes_an_alias_that_tests_never_create():
    found = _settings_with(
        DATABASE_REPLICA_URL="postgres://u@standby-1:5433/reg, postgres://u@standby-2:5434/reg"
    )
    assert found["replicas"] == ["replica", "replica_2"]
    assert found["hosts"]["replica"][:3] == ["standby-1", 5433, "reg"]
    assert found["hosts"]["replica_2"][:3] == ["standby-2", 5434, "reg"]
    assert found["hosts"]["replica"][3]["MIRROR"] == "default"


def test_without_a_replica_there_is_only_the_primary():
    found = _settings_with()
    assert found["replicas"] == []
    assert list(found["hosts"]) == ["default"]


def test_without_a_replica_the_dashboard_block_reads_the_primary(settings):
    settings.REPLICA_DATABASES = []
    with reads_from_replica() as alias:
        assert alias == ""
        assert router.db_for_read(Member) == "default"
