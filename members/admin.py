from django.contrib import admin

from members import selectors
from members.importing.selectors import import_batch_list
from members.models import ImportBatch, Member
from unionreg.admin_site import ReadOnlyAdmin


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("name", "masked_resident_id", "union", "status", "joined_on")
    list_filter = ("status", "is_migrant")
    search_fields = ("name", "phone")
    raw_id_fields = ("union", "employer")

    def get_queryset(self, request):
        return selectors.member_list(user=request.user)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only: an import record is history, changed only by the import itself."""

    list_display = ("created_at", "created_by", "node", "original_name", "status")
    list_filter = ("status",)

    def get_queryset(self, request):
        return import_batch_list(user=request.user)
