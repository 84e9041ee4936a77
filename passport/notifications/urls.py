from django.urls import path

from passport.notifications import callbacks, views

app_name = "notifications"
urlpatterns = [
    path("outbox", views.outbox, name="outbox"),
    path("outbox/<uuid:message_id>", views.message_detail, name="message"),
    path("notifications/callbacks/status", callbacks.delivery_status, name="callback-status"),
    path("notifications/callbacks/inbound-sms", callbacks.inbound_sms, name="callback-inbound-sms"),
]
