"""Production settings: `check --deploy` is clean under the environment docker-compose gives web."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

from unionreg.id_keys import generate_keys

ROOT = Path(settings.BASE_DIR)
# Long and random-looking, for the check only; production brings its own through the environment.
CHECK_SECRET = "check-deploy-only-7Qm2vX9pL4tR8wZ1nB6cY3hJ5kD0fG2sA7eU4iO9"


def compose_web_environment() -> dict[str, str]:
    """web's environment as docker-compose would resolve it with only SECRET_KEY given."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    raw = compose["services"]["web"]["environment"]
    given = {"SECRET_KEY": CHECK_SECRET, "POSTGRES_PASSWORD": "check-deploy-only",
             **generate_keys(key_id="check1")}

    def resolve(value) -> str:
        def one(m: re.Match) -> str:
            name, op, default = m.group(1), m.group(2) or "", m.group(3) or ""
            if name in given:
                return given[name]
            assert op != ":?", f"docker-compose needs {name} set"
            return default
        return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", one, str(value))

    return {key: resolve(value) for key, value in raw.items()}


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    clean["VAR_DIR"] = str(ROOT / "var")  # /data exists only in the container
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**clean, **{k: v for k, v in env.items() if k != "VAR_DIR"}},
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_under_the_compose_environment():
    env = compose_web_environment()
    assert env.get("DEBUG", "0") in {"", "0"}
    result = run_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_compose_turns_on_https_settings():
    env = compose_web_environment()
    assert int(env["SECURE_HSTS_SECONDS"]) >= 31536000
    assert env["SECURE_SSL_REDIRECT"] == "1"
    assert env["SESSION_COOKIE_SECURE"] == "1" and env["CSRF_COOKIE_SECURE"] == "1"


def test_makefile_check_deploy_uses_the_same_names():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("check-deploy:", 2)[-1].split("\n\n")[0]
    for name in ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_HSTS_SECONDS",
                 "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                 "ID_ENCRYPTION_KEYS", "ID_HASH_KEY"]:
        assert name in target, name
    assert "--deploy --fail-level WARNING" in target
    assert "make check-deploy" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
