from django.contrib import admin

from passport.activity.models import CreditEntry, HoursEntry, HoursStatement, MilestoneAward


@admin.register(HoursEntry)
class HoursEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "hours", "organisation", "status", "logged_by", "created_at"]
    list_filter = ["status", "logged_by"]
    raw_id_fields = ["volunteer", "organisation", "opportunity", "shift", "logged_by_user", "decided_by"]

    def has_delete_permission(self, request, obj=None):  # the record of hours is kept; reject instead
        return False


@admin.register(CreditEntry)
class CreditEntryAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "kind", "amount", "organisation", "created_at"]
    raw_id_fields = ["volunteer", "hours_entry", "organisation", "recorded_by"]

    def has_change_permission(self, request, obj=None):  # a ledger is append-only
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(MilestoneAward, raw_id_fields=["volunteer", "credential"])
admin.site.register(HoursStatement, raw_id_fields=["volunteer", "credential"])
