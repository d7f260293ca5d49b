from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _

from members import selectors
from members.identity import birth_month
from members.importing.selectors import import_batch_list
from members.models import ImportBatch, Member
from unionreg.admin_site import ReadOnlyAdmin

HIDDEN_FIELDS = {
    "resident_id", "resident_id_enc", "resident_id_hash", "resident_id_last4", "birth_date"}


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only, IDs masked: writes go through the services, and a full ID is shown only by
    the audited action on the member page (members.views.member_full_id)."""

    list_display = ("name", "masked_resident_id", "union", "status", "joined_on")
    list_filter = ("status", "is_migrant")
    search_fields = ("name", "phone")
    raw_id_fields = ("union", "employer")
    fields = readonly_fields = (
        "name", "masked_resident_id", "gender", "birth_month", "phone", "union", "employer",
        "joined_on", "left_on", "is_migrant", "new_form_category", "eight_group", "status",
    )

    def get_queryset(self, request):
        return selectors.member_list(user=request.user)

    @admin.display(description=_("birth month"))
    def birth_month(self, member: Member) -> str:
        return birth_month(member.birth_date)

    def lookup_allowed(self, lookup: str, value: str, request=None) -> bool:
        # The admin takes any filter on a model field from the URL; on the ID or the birth
        # date, "found / not found" would confirm the hidden digits one guess at a time.
        if lookup.split(LOOKUP_SEP)[0] in HIDDEN_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only: an import record is history, changed only by the import itself."""

    list_display = ("created_at", "created_by", "node", "original_name", "status")
    list_filter = ("status",)

    def get_queryset(self, request):
        return import_batch_list(user=request.user)
