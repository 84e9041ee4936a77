from django.urls import path

from passport.notifications import views

app_name = "notifications"
urlpatterns = [
    path("outbox", views.outbox, name="outbox"),
    path("outbox/<uuid:message_id>", views.message_detail, name="message"),
]
