from django.urls import path

from passport.vetting import views

app_name = "vetting"
urlpatterns = [
    path("", views.home, name="home"),
    path("volunteers/<uuid:volunteer_id>", views.volunteer, name="volunteer"),
]
