from django.urls import path

from passport.reserve import views

app_name = "reserve"
urlpatterns = [
    path("", views.member, name="member"),
    path("callouts/<uuid:callout_id>/reply", views.callout_reply, name="callout_reply"),
    path("reply/<str:token>", views.reply, name="reply"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/new", views.incident_new, name="incident_new"),
    path("incidents/<uuid:incident_id>", views.incident, name="incident"),
    path("incidents/<uuid:incident_id>/approve", views.incident_approve, name="incident_approve"),
    path("incidents/<uuid:incident_id>/stand-down", views.incident_stand_down, name="incident_stand_down"),
]
