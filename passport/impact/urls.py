from django.urls import path

from passport.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.national, name="national"),
    path("areas/<str:code>.csv-metadata.json", views.area_metadata, name="area-metadata"),
    path("areas/<str:code>.csv", views.area_csv, name="area-csv"),
    path("areas/<str:code>", views.area, name="area"),
    path("organisation/", views.organisations, name="organisations"),
    path("organisation/<uuid:organisation_id>", views.organisation, name="organisation"),
]
