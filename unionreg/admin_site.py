"""The Django admin, for superusers only.

Anyone else, logged in or not, gets 404: the admin is not a door for scoped staff, and
its querysets still go through the selectors so that even a superuser's view is scoped.
"""

from django.contrib import admin
from django.http import Http404


class SuperuserAdminSite(admin.AdminSite):
    site_header = "unionreg"
    site_title = "unionreg"

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
