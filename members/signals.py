"""What the member writers announce, inside their own transaction.

The counting app keeps its per-node counters by these (receivers connected in
`CountingConfig.ready()`), so this app needs no knowledge of the statistics above it.
"""

from django.dispatch import Signal

# kwargs: member — about to be saved, new or changed; the stored row is still the old one.
member_saving = Signal()
# kwargs: rows — memberships inserted in bulk (Member instances or dicts of member columns).
members_added = Signal()
# kwargs: rows — active memberships about to be deleted or ended in bulk.
members_removed = Signal()
