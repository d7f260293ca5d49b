"""An uploaded workbook copied to a temporary file and checked before anything is kept."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from common.sheets.reader import inspect_file


@contextmanager
def checked_upload(upload: UploadedFile) -> Iterator[tuple[File, str]]:
    """(the file, its SHA-256) once `inspect_file` passed it; RefusedFile otherwise. The
    temporary copy is gone when the block ends: save it to a FileField inside."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            tmp.write(chunk)
            digest.update(chunk)
        tmp.flush()
        inspect_file(Path(tmp.name))
        tmp.seek(0)
        handle: IO[bytes] = tmp
        yield File(handle), digest.hexdigest()
