"""The reports app's models: Django looks for them here, so every model module is imported.

The generated files keep their models in their own sub-feature package (reports/files).
"""

from reports.files.models import FileKind, FileStatus, GeneratedFile
from reports.models.runs import RunStatus, SnapshotRun
from reports.models.snapshot import MonthlySnapshot

__all__ = ["FileKind", "FileStatus", "GeneratedFile", "MonthlySnapshot", "RunStatus", "SnapshotRun"]
