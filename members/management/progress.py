"""A one-line progress bar for long management commands (rewritten in place with \\r)."""

from __future__ import annotations

import time

WIDTH = 30


class ProgressBar:
    def __init__(self, out, label: str):
        self.out, self.label, self.started = out, label, time.monotonic()

    def update(self, _model, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(WIDTH * share)
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.out.write(f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {share:6.1%} "
                       f"{done:,}/{total:,} ({rate:,.0f}/s)", ending="")
        self.out.flush()

    def finish(self, done: int) -> None:
        self.out.write(f"\r{self.label}: {done:,} rewritten in "
                       f"{time.monotonic() - self.started:.1f} s" + " " * WIDTH)
