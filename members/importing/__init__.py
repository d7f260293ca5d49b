"""Roster import from Excel (issue 5): template, tolerant reading, validation, preview, commit.

The flow: `services.import_batch_create` stores the upload after quick file checks and queues
`jobs.import_validate` (a Celery task, see `tasks`), which reads, normalises and classifies every
row and stores a plan; the preview page shows counts and errors; `services.import_commit_request`
queues `jobs.import_commit`, which writes the plan in one transaction with bulk operations.

The sub-feature's models (`models`) are registered through `members.models`; its pages are in
`views` and `urls` (mounted at /imports/), its tasks are registered in `MembersConfig.ready()`.
"""
