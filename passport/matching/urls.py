from django.urls import path

from passport.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("rounds/<uuid:round_id>", views.round_report, name="round"),
    path("offers/<uuid:offer_id>/accept", views.accept, name="accept"),
    path("offers/<uuid:offer_id>/decline", views.decline, name="decline"),
    path("offers/<uuid:offer_id>/coordinate", views.coordinate, name="coordinate"),
]
