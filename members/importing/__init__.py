"""Roster import from Excel (issue 5): template, tolerant reading, validation, preview, commit.

The flow: `services.import_batch_create` stores the upload after quick file checks;
`services.import_validate` (a Celery task) reads, normalises and classifies every row and
stores a plan; the preview page shows counts and errors; `services.import_commit` writes the
plan in one transaction with bulk operations.
"""
