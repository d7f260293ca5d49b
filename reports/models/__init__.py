"""The reports app's models: Django looks for them here, so every model module is imported.

The generated files and the work-list keep their models in their own sub-feature packages
(reports/files, reports/worklist).
"""

from reports.files.models import FileKind, FileStatus, GeneratedFile
from reports.models.runs import RunStatus, SnapshotRun
from reports.models.snapshot import MonthlySnapshot
from reports.worklist.models import Target, Visit, WorkItem

__all__ = ["FileKind", "FileStatus", "GeneratedFile", "MonthlySnapshot", "RunStatus", "SnapshotRun",
           "Target", "Visit", "WorkItem"]
