"""What the tree's writers announce, inside their own transaction.

The counting app keeps its per-node counters by these (receivers connected in
`CountingConfig.ready()`), so this app needs no knowledge of the statistics above it.
Each signal is sent by a service just before or after the write it names.
"""

from django.dispatch import Signal

# kwargs: union — a union was created or saved (status, formation, founding date may change).
union_saved = Signal()
# kwargs: employer — about to be saved, new or changed; the stored row is still the old one.
employer_saving = Signal()
# kwargs: union, employer_ids — the employers `union` covers are about to become exactly these.
cover_changing = Signal()
# kwargs: union — about to be dissolved (or its preparation withdrawn). Each receiver returns
# how many memberships still hold in it (0 or None if none); the service refuses while any do.
# (The members app answers: this app does not read members.)
union_dissolving = Signal()
