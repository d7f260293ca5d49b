from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountingConfig(AppConfig):
    """The statistics' source: per-node counters, the counting rules, recount and month ends."""

    name = "counting"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from treebeard.mp_tree import path_updated

        from counting import live
        from members import signals as member_signals
        from organizations import signals as tree_signals
        from organizations.models import Union

        receivers = (
            (tree_signals.union_saved, live.on_union_saved),
            (tree_signals.employer_saving, live.on_employer_saving),
            (tree_signals.cover_changing, live.on_cover_changing),
            (member_signals.member_saving, live.on_member_saving),
            (member_signals.members_added, live.on_members_added),
            (member_signals.members_removed, live.on_members_removed),
        )
        for signal, receiver in receivers:
            signal.connect(receiver, dispatch_uid=f"counting.{receiver.__name__}")
        path_updated.connect(live.on_paths_rewritten, sender=Union, dispatch_uid="counting.paths")
