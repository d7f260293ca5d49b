"""The fault tests' rig (not a test module): our own redis-server on a free port, a real Celery
worker in its own process group, and the failpoints that pause a job so it can be killed.

The shared Redis on 6379 is never touched: "Redis down" stops our own server only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

WORKER_READY_SECONDS = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check: Callable[[], object], *, timeout: float, every: float = 0.2,
             sweep: Callable[[], object] | None = None, what: str = "") -> object:
    """Poll `check` until it is truthy (running the sweeper each round, as beat would)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sweep is not None:
            sweep()
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or check}")


class OwnRedis:
    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def _ping(self) -> bool:
        done = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                              text=True, check=False)
        return done.stdout.strip() == "PONG"

    def start(self) -> None:
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "yes", "--dir", str(self.folder),
             "--pidfile", str(self.folder / "redis.pid"), "--logfile",
             str(self.folder / "redis.log")], check=True)
        wait_for(self._ping, timeout=10, every=0.05, what="redis-server to answer")

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
                       capture_output=True, check=False)
        wait_for(lambda: not self._ping(), timeout=10, every=0.05, what="redis-server to stop")

    def flush(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "flushall"], capture_output=True,
                       check=True)


class Worker:
    """`celery worker` (prefork, two children) in a process group of its own."""

    def __init__(self, env: dict, log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log.write_text("")
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "unionreg", "worker", "-P", "prefork",
                 "-c", "2", "-Q", ",".join(q.name for q in settings.CELERY_TASK_QUEUES),
                 "--without-gossip", "--without-mingle", "--without-heartbeat",
                 "-l", "INFO", "-n", f"faults-{os.getpid()}@%h"],
                cwd=settings.BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        wait_for(lambda: " ready." in self.log.read_text(errors="replace"),
                 timeout=WORKER_READY_SECONDS, every=0.1, what=f"the worker (log {self.log})")

    def kill(self) -> None:
        """The whole worker at once, parent and children: a machine that lost power."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        self.process = None


class Failpoints:
    """Pauses in the jobs (common.jobs.failpoint) that the worker honours: armed by a file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def arm(self, name: str) -> None:
        (self.folder / name).write_text("pause")

    def release(self, name: str) -> None:
        (self.folder / name).unlink(missing_ok=True)

    def take_pid(self, name: str) -> int | None:
        """The pid of the process paused at `name` now, if one is (read once)."""
        marker = self.folder / f"{name}.pid"
        try:
            pid = int(marker.read_text())
        except (FileNotFoundError, ValueError):
            return None
        marker.unlink(missing_ok=True)
        return pid

    def hit(self, name: str, timeout: float = 30) -> int:
        return wait_for(lambda: self.take_pid(name), timeout=timeout, every=0.05,
                        what=f"a job to reach failpoint {name}")

    def clear(self) -> None:
        for path in self.folder.iterdir():
            path.unlink()
