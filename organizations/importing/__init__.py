"""Employers, and grassroots unions with their employers, from Excel (issue 14).

Like the roster import (members.importing), whose machinery it shares: `services` (what a user
starts: upload, check again, commit) queue `jobs` (what the worker runs: check, commit), which
read through common.sheets, check every row (`employers`, `unions`: the columns and the rules
of each kind) and write through the organizations services, row by row in one transaction, so
tier rules, counters, history and the audit log hold as for an edit on a page.
"""
