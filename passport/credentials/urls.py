from django.urls import path

from passport.credentials import views

app_name = "credentials"
urlpatterns = [
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("credentials/v1", views.context, name="context"),
    path("credentials/status/<str:list_id>", views.status_list, name="status-list"),
    path("verify", views.verify_page, name="verify"),
    path("volunteer/passport", views.passport_page, name="passport"),
    path("volunteer/passport/issue", views.passport_issue, name="issue"),
    path("volunteer/passport/download", views.passport_download, name="download"),
]
