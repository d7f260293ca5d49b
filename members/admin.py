from django.contrib import admin

from members import selectors
from members.models import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "masked_resident_id", "union", "status", "joined_on")
    list_filter = ("status", "is_migrant")
    search_fields = ("name", "phone")
    raw_id_fields = ("union", "employer")

    def get_queryset(self, request):
        return selectors.member_list(user=request.user)
