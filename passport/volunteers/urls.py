from django.urls import path

from passport.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("sign-up", views.sign_up, name="sign-up"),
    path("", views.home, name="home"),
    path("details", views.edit, name="edit"),
    path("pause", views.pause, name="pause"),
    path("my-data.json", views.download, name="download"),
    path("delete", views.delete, name="delete"),
    path("assisted/<uuid:organisation_id>/new", views.assisted_sign_up, name="assisted-sign-up"),
    path("assisted/<uuid:volunteer_id>/send-link", views.take_over_resend, name="take-over-send"),
]
