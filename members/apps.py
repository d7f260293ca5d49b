from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        # The roster import's tasks live in its package, where Celery's autodiscovery (which
        # looks at members.tasks only) does not reach: register them with the worker here.
        from members.importing import tasks  # noqa: F401
        from members.joining import tasks as joining_tasks  # noqa: F401

        # A union may not dissolve while memberships hold in it (organizations asks, we count).
        from members.union_merge.services import memberships_holding
        from organizations.signals import union_dissolving

        union_dissolving.connect(memberships_holding, dispatch_uid="members.memberships_holding")
