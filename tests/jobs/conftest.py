import pytest

from tests.members.import_support import import_media  # noqa: F401
from tests.reports.conftest import counted  # noqa: F401


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT
