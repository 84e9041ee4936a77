from django.contrib import admin

from passport.reserve.models import CallOut, CallOutEvent, Incident, IncidentNeed, ReserveMember


@admin.register(ReserveMember)
class ReserveMemberAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "standby", "available_from", "monthly_cap", "last_called_at")
    raw_id_fields = ("volunteer",)


class NeedInline(admin.TabularInline):
    model = IncidentNeed
    extra = 0


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("title", "severity", "status", "starts_at", "waves_sent")
    list_filter = ("status", "severity")
    inlines = [NeedInline]


@admin.register(CallOut)
class CallOutAdmin(admin.ModelAdmin):
    list_display = ("incident", "volunteer", "need", "wave", "status", "replied_at")
    list_filter = ("status",)
    raw_id_fields = ("volunteer", "incident", "need")


@admin.register(CallOutEvent)
class CallOutEventAdmin(admin.ModelAdmin):
    """Read only: call-out events are append-only."""

    list_display = ("callout", "kind", "channel", "at")

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
