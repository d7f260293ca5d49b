from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from organizations import selectors
from organizations.models import AuditEntry, Employer, IndustryFederation, StaffAccount, Union
from organizations.scope import scope_of
from unionreg.admin_site import ReadOnlyAdmin


@admin.register(Union)
class UnionAdmin(ReadOnlyAdmin, TreeAdmin):
    form = movenodeform_factory(Union)
    list_display = ("name", "level", "formation", "status", "area_code")
    list_filter = ("level", "status", "formation")
    search_fields = ("name",)

    def get_queryset(self, request):
        # Keep TreeAdmin's own level-by-level queryset, narrowed to the user's subtree.
        return super().get_queryset(request).within(scope_of(request.user))


@admin.register(Employer)
class EmployerAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("name", "credit_code", "ownership", "economic_type", "industry_section",
                    "size_class", "employees", "union")
    search_fields = ("name", "credit_code")
    list_filter = ("ownership", "economic_type", "industry_section", "size_class",
                   "above_designated_size", "special_kind")
    raw_id_fields = ("node", "union")

    def get_queryset(self, request):
        return selectors.employer_list(user=request.user)


@admin.register(StaffAccount)
class StaffAccountAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Accounts are created, moved and disabled on the app's staff page (audited)."""

    list_display = ("user", "node", "role")
    raw_id_fields = ("node",)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("at", "username", "action", "object_type", "object_id")
    list_filter = ("action",)


@admin.register(IndustryFederation)
class IndustryFederationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    pass
