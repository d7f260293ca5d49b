from django.contrib import admin

from organizations.scope import scope_of
from reports.files.selectors import file_list
from reports.models import GeneratedFile, MonthlySnapshot
from unionreg.admin_site import ReadOnlyAdmin


@admin.register(GeneratedFile)
class GeneratedFileAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("created_at", "kind", "node", "month", "status", "requested_by")
    list_filter = ("kind", "status")

    def get_queryset(self, request):
        return file_list(user=request.user)


@admin.register(MonthlySnapshot)
class MonthlySnapshotAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("month", "node")
    list_filter = ("month",)
    raw_id_fields = ("node",)

    def get_queryset(self, request):
        scope = scope_of(request.user)
        qs = super().get_queryset(request)
        return qs.filter(node__path__startswith=scope.path) if scope else qs.none()
