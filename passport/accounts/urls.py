from django.urls import path

from passport.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.sign_in, name="sign-in"),
    path("sign-in/check-your-email", views.check_email, name="check-email"),
    path("sign-in/link/<str:secret>", views.use_link, name="use-link"),
    path("sign-out", views.sign_out, name="sign-out"),
]
