"""The site under many users, for `make bench` (called by bench.dashboard; `--skip http`).

Starts gunicorn on loopback (127.0.0.1 only) against the bench database, then runs locust
headless: simulated staff (bench/locustfile.py) who wait 1–3 s between requests. First 50 users,
then more in steps until p95 passes 300 ms or an error appears (at most MAX_STEPS steps of
`step_s` seconds each), and reports requests/s, p50/p95/p99 and errors per step.

Also records a fixed CPU calibration (a pure-Python loop, a fixed SQL query) and the machine's
load average, so that figures from machines of different speed and load can be compared.
"""

from __future__ import annotations

import csv
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
FIRST_USERS, STEP_USERS, MAX_STEPS = 50, 50, 6
TARGET_P95_MS = 300
ACCOUNTS = FIRST_USERS + STEP_USERS * (MAX_STEPS - 1)
SAMPLE = 40  # ids of each kind per area


# -- calibration -------------------------------------------------------------------------------

def calibrate() -> dict:
    """Best of three: a fixed pure-Python loop (s) and a fixed SQL query (ms)."""
    from django.db import connection

    def python_loop() -> float:
        started = time.perf_counter()
        total = 0
        for i in range(3_000_000):
            total += i * i % 7
        return time.perf_counter() - started

    def sql() -> float:
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute("SELECT sum(i % 7) FROM generate_series(1, 1000000) AS i")
            cursor.fetchone()
            return (time.perf_counter() - started) * 1000

    return {"calib_python_s": round(min(python_loop() for _ in range(3)), 3),
            "calib_sql_ms": round(min(sql() for _ in range(3)), 1)}


# -- the plan: accounts, their sessions and the ids in their areas ------------------------------

def _areas() -> dict[str, dict]:
    from members.models import Member
    from organizations.models import Employer, Level, Union

    rng = random.Random(7)
    city = Union.objects.get_first_root_node()
    areas = {}
    for node in [city, *Union.objects.filter(level=Level.COUNTY).order_by("path")]:
        below = Union.objects.filter(path__startswith=node.path)
        unions = list(below.filter(level=Level.GRASSROOTS).values_list("pk", flat=True))
        unions = rng.sample(unions, min(SAMPLE, len(unions)))
        members = list(Member.objects.filter(union_id__in=unions, status="active")
                       .order_by("union_id", "pk").distinct("union_id").values_list("pk", flat=True))
        children = list(below.filter(depth=node.depth + 1).exclude(level=Level.GRASSROOTS)
                        .values_list("pk", flat=True)) or [node.pk]
        areas[str(node.pk)] = {
            "node": node.pk, "children": children, "unions": unions, "members": members,
            "employers": list(Employer.objects.within(node).order_by("pk")
                              .values_list("pk", flat=True)[:SAMPLE]),
        }
    return areas


def _role_of(i: int) -> str:
    """One in ten an administrator, six editors, three viewers."""
    return "admin" if i % 10 == 0 else ("viewer" if i % 10 >= 7 else "editor")


def _session_of(user) -> str:
    """A signed-in session, as a login makes it (the load is the pages, not password hashing)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _accounts(areas: dict) -> tuple[list[dict], dict[str, str]]:
    """ACCOUNTS staff accounts spread over the city and its counties, each signed in, and an
    integration token per area (an editor's)."""
    from django.contrib.auth import get_user_model

    from api import tokens
    from api.models import ApiToken
    from organizations.models import StaffAccount, Union

    keys = list(areas)
    accounts, editors = [], {}
    for i in range(ACCOUNTS):
        area, role = keys[i % len(keys)], _role_of(i // len(keys))
        user, _ = get_user_model().objects.get_or_create(username=f"bench-http-{i:03d}")
        StaffAccount.objects.update_or_create(
            user=user, defaults={"node": Union.objects.get(pk=int(area)), "role": role})
        accounts.append({"session": _session_of(user), "role": role, "area": area})
        if role == "editor":
            editors.setdefault(area, user)
    ApiToken.objects.filter(name="bench-http").delete()
    token_keys = {area: tokens.token_issue(user=user, name="bench-http", days=1, by=None)[1]
                  for area, user in editors.items()}
    return accounts, token_keys


def _plan_file() -> Path:
    areas = _areas()
    accounts, token_keys = _accounts(areas)
    plan = {"areas": areas, "accounts": accounts, "tokens": token_keys,
            "csrf": secrets.token_hex(16)}
    path = Path(tempfile.mkstemp(prefix="bench-http-", suffix=".json")[1])
    path.write_text(json.dumps(plan))
    return path


# -- the server ---------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env() -> dict[str, str]:
    env = dict(os.environ, DEBUG="0", ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="WARNING")
    env.setdefault("CACHE_URL", "redis://127.0.0.1:6379/12")  # shared throttle counters
    return env


def _start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")), "unionreg.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread" if threads > 1 else "sync",
        "--max-requests", "0", "--log-level", "warning", "--timeout", "60",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=_server_env(), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.5)
    _stop(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# -- what a request costs ------------------------------------------------------------------------

def _server_cpu_s(server: subprocess.Popen) -> float:
    """CPU seconds used so far by gunicorn's processes and by the PostgreSQL backends serving
    them (persistent connections: the same backends for the whole step). Other people's load
    on the machine slows requests down, but does not change what each one costs."""
    import psutil
    from django.db import connection

    def cpu(proc) -> float:
        try:
            times = proc.cpu_times()
            return times.user + times.system
        except psutil.Error:
            return 0.0

    root = psutil.Process(server.pid)
    total = cpu(root) + sum(cpu(p) for p in root.children(recursive=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        pids = [row[0] for row in cursor.fetchall()]
    for pid in pids:
        try:
            total += cpu(psutil.Process(pid))
        except psutil.Error:
            pass
    return total


# -- the load -----------------------------------------------------------------------------------

def _step(port: int, users: int, seconds: int, plan: Path, server: subprocess.Popen) -> dict:
    """One locust run: `users` simulated staff for `seconds` (figures from after the ramp-up)."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "step")
        command = [
            str(Path(sys.executable).with_name("locust")), "-f", str(BENCH_DIR / "locustfile.py"),
            "--headless", "--only-summary", "--reset-stats", "-u", str(users),
            "-r", str(max(10, users // 5)), "-t", f"{seconds}s", "--stop-timeout", "10",
            "--host", f"http://127.0.0.1:{port}", "--csv", prefix, "--loglevel", "ERROR",
        ]
        load_before, cpu_before = os.getloadavg()[0], _server_cpu_s(server)
        done = subprocess.run(command, cwd=ROOT, env=dict(os.environ, BENCH_HTTP_PLAN=str(plan)),
                              capture_output=True, text=True, timeout=seconds + 120, check=False)
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError("locust wrote no figures:\n" + done.stderr[-2000:])
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            rows = list(csv.DictReader(stats))
        cpu_used = _server_cpu_s(server) - cpu_before
    total = next(r for r in rows if r["Name"] == "Aggregated")
    counted = max(int(total["Request Count"]), 1)
    return {
        "users": users, "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]), "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "load_1m": round(max(load_before, os.getloadavg()[0]), 1),
        # Server CPU (gunicorn + its PostgreSQL backends) per request, ramp-up included: an
        # upper bound, since the request count starts after the ramp-up.
        "cpu_ms_per_request": round(cpu_used * 1000 / counted, 1),
        "pages": {r["Name"]: float(r["95%"]) for r in rows if r["Name"] != "Aggregated"},
    }


def _print_step(s: dict) -> None:
    print(f"  {s['users']:>5} {s['rps']:>8.1f} {s['p50_ms']:>8.0f} {s['p95_ms']:>8.0f} "
          f"{s['p99_ms']:>8.0f} {s['errors']:>7d} {s['requests']:>9d} {s['load_1m']:>8.1f} "
          f"{s['cpu_ms_per_request']:>8.1f}", flush=True)


def run(figures: dict, *, step_s: int = 60, workers: int = 4, threads: int = 1) -> dict:
    from django.core.management import call_command

    figures.update(calibrate())
    print(f"\nHTTP load: gunicorn {workers} worker(s) × {threads} thread(s) on 127.0.0.1, "
          f"locust headless, think time 1–3 s, {step_s} s per step, {os.cpu_count()} cores "
          f"shared with the load tool (calibration: Python {figures['calib_python_s']} s, "
          f"SQL {figures['calib_sql_ms']} ms)", flush=True)
    call_command("collectstatic", "--noinput", verbosity=0)  # DEBUG=0 serves the manifest
    plan = _plan_file()
    port = _free_port()
    server = _start_gunicorn(port, workers, threads)
    steps: list[dict] = []
    try:
        print(f"  {'users':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'errors':>7} {'requests':>9} {'load 1m':>8} {'CPU ms/req':>8}")
        for users in range(FIRST_USERS, FIRST_USERS + STEP_USERS * MAX_STEPS, STEP_USERS):
            steps.append(_step(port, users, step_s, plan, server))
            _print_step(steps[-1])
            if steps[-1]["p95_ms"] > TARGET_P95_MS or steps[-1]["errors"]:
                break
    finally:
        _stop(server)
        plan.unlink(missing_ok=True)
    first = steps[0]
    held = [s["users"] for s in steps if s["p95_ms"] <= TARGET_P95_MS and not s["errors"]]
    slowest = sorted(first["pages"].items(), key=lambda kv: -kv[1])[:3]
    print("  slowest at 50 users (p95 ms): " + ", ".join(f"{k} {v:.0f}" for k, v in slowest))
    figures.update({
        "http_users": first["users"], "http_rps": first["rps"], "http_p50_ms": first["p50_ms"],
        "http_p95_ms": first["p95_ms"], "http_p99_ms": first["p99_ms"],
        "http_errors": first["errors"], "http_max_users": max(held, default=0),
        "http_workers": workers, "http_threads": threads, "http_step_s": step_s,
        "http_load_1m": first["load_1m"],
        "http_cpu_ms_per_request": first["cpu_ms_per_request"], "http_steps": [
            {k: v for k, v in s.items() if k != "pages"} for s in steps],
    })
    verdicts = [("50 users p95 ≤ 300 ms, no errors",
                 first["p95_ms"] <= TARGET_P95_MS and not first["errors"]),
                ("max users ≥ 200", figures["http_max_users"] >= 200)]
    print("  targets: " + ", ".join(f"{t} {'OK' if ok else 'MISSED'}" for t, ok in verdicts))
    return figures
