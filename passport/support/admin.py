from django.contrib import admin

from passport.support.models import Alert, Feedback, SupportTask, TaskEvent


@admin.register(SupportTask)
class SupportTaskAdmin(admin.ModelAdmin):
    list_display = ("kind", "postcode", "window_start", "status", "waves_sent")
    list_filter = ("status", "kind")
    raw_id_fields = ("organisation", "posted_by", "accepted_by")
    # The person's details are for the referrer and the accepter only (docs/support.md), not the back office.
    exclude = ("person_name", "person_address", "person_phone")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("task", "volunteer", "wave", "status", "replied_at")
    list_filter = ("status",)
    raw_id_fields = ("task", "volunteer")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("task", "side", "rating", "created_at")


@admin.register(TaskEvent)
class TaskEventAdmin(admin.ModelAdmin):
    """Read only: task events are append-only."""

    list_display = ("task", "kind", "channel", "at")

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
