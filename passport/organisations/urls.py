from django.urls import path

from passport.organisations import views

app_name = "organisations"
urlpatterns = [
    path("register", views.register, name="register"),
    path("", views.mine, name="mine"),
    path("<uuid:organisation_id>/manage", views.detail, name="detail"),
    path("<uuid:organisation_id>/invite", views.invite, name="invite"),
    path("<uuid:organisation_id>", views.public, name="public"),
    path("invitations/<uuid:invitation_id>/accept", views.accept_invitation, name="accept-invitation"),
]
