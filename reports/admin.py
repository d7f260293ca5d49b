from django.contrib import admin

from organizations.scope import scope_of
from reports.files.selectors import file_list
from reports.models import GeneratedFile, MonthlySnapshot


@admin.register(GeneratedFile)
class GeneratedFileAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "node", "month", "status", "requested_by")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in GeneratedFile._meta.fields]

    def get_queryset(self, request):
        return file_list(user=request.user)

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(MonthlySnapshot)
class MonthlySnapshotAdmin(admin.ModelAdmin):
    list_display = ("month", "node")
    list_filter = ("month",)
    raw_id_fields = ("node",)

    def get_queryset(self, request):
        scope = scope_of(request.user)
        qs = super().get_queryset(request)
        return qs.filter(node__path__startswith=scope.path) if scope else qs.none()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
