from django.contrib import admin

from passport.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "to", "template", "status"]
    list_filter = ["channel", "status", "template"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in Message._meta.fields]
