"""The shared cast: a small city with two counties, and the people who work in it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import hypothesis
import pytest
from django.contrib.auth import get_user_model

from organizations.models import Formation, Level, Role, Union
from tests import factories as f
from tests.services import require_marked_services

# CI runs the same property examples every time (a submission must not pass or fail by
# chance); locally Hypothesis keeps exploring new ones.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")


@dataclass
class City:
    city: Union
    county_a: Union
    county_b: Union
    township_a: Union
    village_a: Union
    union_a: Union  # grassroots, independent, in county A
    union_b: Union  # grassroots, independent, in county B
    employer_a: object
    employer_b: object
    member_a: object
    member_b: object


@pytest.fixture
def tree(db) -> City:
    city = f.node(None, Level.CITY, "测试市总工会")
    county_a = f.node(city, Level.COUNTY, "甲区总工会")
    county_b = f.node(city, Level.COUNTY, "乙区总工会")
    township_a = f.node(county_a, Level.TOWNSHIP, "甲街道总工会")
    village_a = f.node(township_a, Level.VILLAGE, "甲社区联合工会")
    union_a = f.node(township_a, Level.GRASSROOTS, "甲公司工会委员会", formation=Formation.INDEPENDENT)
    union_b = f.node(county_b, Level.GRASSROOTS, "乙公司工会委员会", formation=Formation.INDEPENDENT)
    employer_a = f.employer(township_a, union=union_a, name="甲公司")
    employer_b = f.employer(county_b, union=union_b, name="乙公司")
    member_a = f.member(union_a, name="张三", employer=employer_a, phone="13800001111")
    member_b = f.member(union_b, name="李四", employer=employer_b)
    return City(city, county_a, county_b, township_a, village_a, union_a, union_b,
                employer_a, employer_b, member_a, member_b)


@pytest.fixture
def city_officer(tree):
    return f.staff("city_officer", tree.city, Role.ADMIN)


@pytest.fixture
def editor_a(tree):
    """County A's editor: the outsider for everything in county B."""
    return f.staff("editor_a", tree.county_a, Role.EDITOR)


@pytest.fixture
def viewer_a(tree):
    return f.staff("viewer_a", tree.township_a, Role.VIEWER)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="pw-for-tests-1")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render {% static %}; without DEBUG the manifest storage wants collectstatic first."""
    settings.STORAGES = {
        **getattr(settings, "STORAGES", {}),
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_runtest_setup(item):
    require_marked_services(item)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Read replicas (DATABASE_REPLICA_URL) read the test database: it is created on the primary
    and streams to the standby (tests/replica_support.py)."""
    from tests.replica_support import replicas_follow_test_database

    with replicas_follow_test_database():
        yield


@pytest.fixture(autouse=True)
def _replica_reads_only_where_marked(request):
    """Reads go to a replica only in tests marked `replica` (which list the replica aliases in
    their `databases`): Django refuses queries to an alias a test does not list, and a test
    whose rows are not committed could not find them on a standby anyway."""
    from django.conf import settings
    from django.test import override_settings

    if not settings.REPLICA_DATABASES or request.node.get_closest_marker("replica"):
        yield
        return
    with override_settings(REPLICA_DATABASES=[]):
        yield


@pytest.fixture(autouse=True)
def celery_in_process(request):
    """Run tasks in-process (Celery's eager mode, the app's embedded default) in every test
    except those marked `services`, which send them through Redis to a real worker."""
    from unionreg.celery import app

    if request.node.get_closest_marker("services"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request in an earlier test may have left
    another one active in this thread (the language switch test does)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# The application's own log lines of the whole run, written by the handler production uses
# (ops.logs.file_handler: JSON, personal data scrubbed) to var/test-logs/app.jsonl; when the run
# ends, pytest_sessionfinish scans that file for resident IDs, mobile numbers and member names.
# One file per run (two runs in one checkout must not scan each other's); deleted when clean.
def app_log_path() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "test-logs" / f"app-{os.getpid()}.jsonl"


@pytest.fixture(scope="session", autouse=True)
def _app_log_file():
    """A `file` handler in settings.LOGGING itself, not just on the root logger: whatever sets
    logging up again during the run (a test Celery worker calls django.setup()) keeps it."""
    import copy
    import logging.config

    from django.conf import settings

    path = app_log_path()
    path.unlink(missing_ok=True)
    previous_config, previous_env = settings.LOGGING, os.environ.get("LOG_FILE")
    config = copy.deepcopy(previous_config)
    config["handlers"]["file"] = {"()": "ops.logs.file_handler", "path": str(path)}
    config["root"]["handlers"] = [h for h in config["root"]["handlers"] if h != "file"] + ["file"]
    settings.LOGGING = config
    logging.config.dictConfig(config)
    os.environ["LOG_FILE"] = str(path)  # manage.py subprocesses of the tests append to it too
    yield path
    settings.LOGGING = previous_config
    logging.config.dictConfig(previous_config)
    if previous_env is None:
        os.environ.pop("LOG_FILE", None)
    else:
        os.environ["LOG_FILE"] = previous_env


def pytest_sessionfinish(session, exitstatus):
    from tests.ops.log_scan import personal_data_in

    path = app_log_path()
    findings = personal_data_in(path)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write("\n")
    if findings:
        if reporter:
            reporter.write_line(f"PERSONAL DATA IN THE APPLICATION LOG ({path}):", red=True)
            for line, what in findings[:20]:
                reporter.write_line(f"  line {line}: {what}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif path.exists():
        if reporter:
            reporter.write_line(f"log scan: no personal data in {path.stat().st_size} bytes of app log")
        path.unlink()
