"""Read an uploaded workbook in a child process whose memory and time are bounded.

python-calamine is Rust: when an allocation fails it aborts the whole process, and no Python
exception can stop that. The measuring in `extent` refuses the known ways to make it build a
huge rectangle; this is the second line. The workbook is read in a child process limited by
RLIMIT_AS (IMPORT_MEMORY_LIMIT_MB) and by a time limit (IMPORT_READ_SECONDS); its rows come back
through a pipe in chunks as the check consumes them. When the child dies, the check ends as
failed with a message, and the Celery worker or web process that asked goes on.

    python -m common.sheets.sandbox PATH ROWS LAYOUT_JSON MEMORY_MB SECONDS   (the child)
"""

from __future__ import annotations

import datetime
import logging
import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from common.sheets.reader import Layout, Sheet, inspect_file, max_rows, open_sheet
from common.sheets.refusal import RefusedFile

logger = logging.getLogger(__name__)
CHUNK_ROWS = 2_000
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def memory_limit_mb() -> int:
    from django.conf import settings

    return getattr(settings, "IMPORT_MEMORY_LIMIT_MB", 1024)


def time_limit_seconds() -> float:
    from django.conf import settings

    return getattr(settings, "IMPORT_READ_SECONDS", 600)


class ReadAborted(Exception):
    """The child reading the workbook died or ran out of time: a failed check, not a refusal."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def problem(self) -> dict:
        return {"code": self.code, "params": {}}


class _Unpickler(pickle.Unpickler):
    """Only plain values cross the pipe: cells are str, numbers, bools, None and dates."""

    ALLOWED = frozenset({("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"),
                         ("datetime", "timedelta")})

    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} may not cross the pipe")
        return getattr(datetime, name)


class _Child:
    def __init__(self, path: Path, layout: Layout) -> None:
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "common.sheets.sandbox", str(path), str(max_rows()),
             layout.to_json(), str(memory_limit_mb()), str(time_limit_seconds())],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr,
            cwd=PROJECT_DIR)
        self.timed_out = False
        self.timer = threading.Timer(time_limit_seconds(), self._kill)
        self.timer.daemon = True
        self.timer.start()

    def _kill(self) -> None:
        self.timed_out = True
        self.process.kill()

    def receive(self) -> tuple:
        try:
            return _Unpickler(self.process.stdout).load()
        except (EOFError, pickle.UnpicklingError, OSError, ValueError):
            raise self._aborted() from None

    def _aborted(self) -> ReadAborted:
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.stderr.seek(0)
        logger.warning("workbook reader exited with %s: %s", code,
                       self.stderr.read()[-2000:].decode(errors="replace"))
        self.close()
        if self.timed_out or code == -signal.SIGXCPU:
            return ReadAborted("read_timeout")
        return ReadAborted("read_memory")  # an allocation refused: calamine aborts (SIGABRT)

    def rows(self) -> Iterator[list]:
        while True:
            message = self.receive()
            if message[0] == "end":
                return
            yield from message[1]

    def close(self) -> None:
        self.timer.cancel()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.stderr.close()


def read_sheet(path: Path, layout: Layout) -> Sheet:
    """`reader.open_sheet`, run in a bounded child; ReadAborted when the child dies."""
    inspect_file(path)
    child = _Child(path, layout)
    message = child.receive()
    if message[0] != "sheet":
        child.close()
        if message[0] == "refused":
            raise RefusedFile(message[1], **message[2])
        raise ReadAborted(message[1])
    return Sheet(**message[1], _rows=child.rows(), _close=child.close)


def _child_main(argv: list[str]) -> None:
    path, rows, layout, memory_mb, seconds = argv
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(float(seconds)) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    # The pipe carries pickles only: anything printed goes to stderr.
    out: IO[bytes] = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)

    def send(message: tuple) -> None:
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        sheet = open_sheet(Path(path), Layout.from_json(layout), rows=int(rows), inspected=True)
    except RefusedFile as refused:
        send(("refused", refused.code, refused.params))
    except MemoryError:
        send(("aborted", "read_memory"))
    else:
        send(("sheet", sheet.header_fields()))
        chunk: list[list] = []
        for cells in sheet.raw_rows():
            chunk.append(cells)
            if len(chunk) == CHUNK_ROWS:
                send(("rows", chunk))
                chunk = []
        send(("rows", chunk))
        send(("end",))
    out.flush()


if __name__ == "__main__":
    _child_main(sys.argv[1:])
