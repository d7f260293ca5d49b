"""Helpers every app may use: no models, no imports of the apps (the bottom of the house).

`pgcopy` (PostgreSQL COPY), `xlsx_guard` (the formula guard every workbook we write passes),
`text` (the one normaliser of free text: forms and imports), `jobs` (leases of the job rows
that Celery workers run: claim, heartbeat, sweeper, failures with a reason).
"""
