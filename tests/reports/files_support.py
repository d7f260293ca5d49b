"""Shared helpers of the generated-file tests (not a test module)."""

from __future__ import annotations

import pytest

from reports.selectors import month_start
from reports.services import snapshots_backfill


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def write_snapshots(day) -> None:
    snapshots_backfill(months=1, until=month_start(day))


def files_in(media) -> list[str]:
    folder = media / "files"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
