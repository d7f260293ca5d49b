"""The Django admin, for superusers only.

Anyone else, logged in or not, gets 404: the admin is not a door for scoped staff, and
its querysets still go through the selectors so that even a superuser's view is scoped.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(admin.AdminSite):
    # The name staff know the site by, not the code's.
    site_header = _("Trade Union Organization and Member Registry")
    site_title = _("Trade Union Organization and Member Registry")
    index_title = _("Data administration")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not request.user.is_superuser:
                raise Http404
            return inner(request, *args, **kwargs)

        guarded.__dict__.update(getattr(inner, "__dict__", {}))
        return guarded

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not request.user.is_superuser:
            raise Http404
        return super().login(request, extra_context)


class ReadOnlyAdmin:
    """Mixin for a ModelAdmin of a domain model: it shows, it never writes.

    Every write goes through a service (tier rules, counters, the version check, an audit entry);
    an admin form or action writing the row directly would skip all four. With no add, change
    or delete permission Django shows the change page read-only and refuses the POSTs (403),
    and with no actions the changelist has no bulk delete either.
    """

    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        # A changelist POST carries an action or list_editable rows; there are neither here.
        if request.method == "POST":
            raise PermissionDenied
        return super().changelist_view(request, extra_context)
