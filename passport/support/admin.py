from typing import Any

from django.contrib import admin

from passport.support.models import Alert, Feedback, SupportTask, TaskEvent


@admin.register(SupportTask)
class SupportTaskAdmin(admin.ModelAdmin):
    list_display = ("kind", "postcode", "window_start", "status", "waves_sent")
    list_filter = ("status", "kind")
    raw_id_fields = ("organisation", "posted_by", "accepted_by")
    # The person's details are for the referrer and the accepter only (docs/support.md), not the back office.
    exclude = PERSON_FIELDS = ("person_name", "person_address", "person_phone")

    def lookup_allowed(self, lookup: str, value: str, request: Any = None) -> bool:
        # Nor may the back office filter on them (?person_name__startswith=Ma), which would spell them out a letter
        # at a time: such a list is refused (400).
        if lookup.split("__")[0] in self.PERSON_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)


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
