from django.contrib import admin

from passport.notifications.models import InboundMessage, Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "to", "template", "status", "attempts"]
    list_filter = ["channel", "status", "template"]
    search_fields = ["to", "subject", "provider_reference"]
    readonly_fields = [f.name for f in Message._meta.fields]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "source_number", "body", "handled_at"]
    search_fields = ["source_number", "provider_id"]
    # What someone texted us is a record; the back office only reads it.
    readonly_fields = [f.name for f in InboundMessage._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
