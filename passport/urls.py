from django.contrib import admin
from django.urls import include, path

from passport.api.urls import api

urlpatterns = [
    path("", include("passport.core.urls")),
    path("", include("passport.accounts.urls")),
    path("", include("passport.notifications.urls")),
    path("volunteer/", include("passport.volunteers.urls")),
    path("organisations/", include("passport.organisations.urls")),
    path("opportunities/", include("passport.opportunities.urls")),
    path("vetting/", include("passport.vetting.urls")),
    path("matching/", include("passport.matching.urls")),
    path("reserve/", include("passport.reserve.urls")),
    path("hours/", include("passport.activity.urls")),
    path("support/", include("passport.support.urls")),
    path("impact/", include("passport.impact.urls")),
    path("", include("passport.credentials.urls")),
    path("", include("passport.opendata.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "passport.core.views.bad_request"
handler403 = "passport.core.views.forbidden"
handler404 = "passport.core.views.not_found"
handler500 = "passport.core.views.server_error"
