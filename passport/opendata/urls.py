from django.urls import path, re_path

from passport.opendata import views

app_name = "opendata"
urlpatterns = [
    path("open-data/opportunities.jsonld", views.opportunities_jsonld, name="opportunities-jsonld"),
    path("open-data/opportunities.csv", views.opportunities_csv, name="opportunities-csv"),
    path("open-data/concepts.jsonld", views.concepts_jsonld, name="concepts"),
    path("openreferral/", views.oruk_root, name="openreferral"),
    path("openreferral/services", views.oruk_services, name="openreferral-services"),
    path("openreferral/services/<str:service_id>", views.oruk_service, name="openreferral-service"),
    path("openreferral/taxonomies", views.oruk_taxonomies, name="openreferral-taxonomies"),
    path("openreferral/taxonomies/<str:taxonomy_id>", views.oruk_taxonomy, name="openreferral-taxonomy"),
    path("openreferral/taxonomy_terms", views.oruk_taxonomy_terms, name="openreferral-taxonomy-terms"),
    path("openreferral/taxonomy_terms/<str:term_id>", views.oruk_taxonomy_term, name="openreferral-taxonomy-term"),
    re_path(r"^openreferral/(?P<rest>.*)$", views.oruk_unknown),
]
