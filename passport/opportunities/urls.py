from django.urls import path

from passport.opportunities import views

app_name = "opportunities"
urlpatterns = [
    path("", views.search, name="search"),
    path("<uuid:opportunity_id>", views.detail, name="detail"),
    path("<uuid:opportunity_id>/apply", views.apply, name="apply"),
    path("<uuid:opportunity_id>/edit", views.edit, name="edit"),
    path("<uuid:opportunity_id>/status", views.set_status, name="set-status"),
    path("<uuid:opportunity_id>/applicants", views.applicants, name="applicants"),
    path("new/<uuid:organisation_id>", views.create, name="create"),
    path("applications/<uuid:application_id>/decide", views.decide, name="decide"),
    path("applications/<uuid:application_id>/withdraw", views.withdraw, name="withdraw"),
]
