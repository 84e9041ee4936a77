from django.urls import path

from passport.activity import views

app_name = "activity"
urlpatterns = [
    path("", views.home, name="home"),
    path("log", views.log, name="log"),
    path("statement", views.statement_issue, name="statement-issue"),
    path("statement/<uuid:statement_id>", views.statement_download, name="statement-download"),
    path("badges/<uuid:award_id>", views.badge_download, name="badge-download"),
    path("entries/<uuid:entry_id>", views.entry, name="entry"),
    path("entries/<uuid:entry_id>/decide", views.decide, name="decide"),
    path("entries/<uuid:entry_id>/change", views.change, name="change"),
    path("entries/<uuid:entry_id>/dispute", views.dispute, name="dispute"),
    path("organisation/<uuid:organisation_id>", views.organisation, name="organisation"),
    path("organisation/<uuid:organisation_id>/log", views.organisation_log, name="organisation-log"),
    path("organisation/<uuid:organisation_id>/credits", views.credits_spend, name="credits-spend"),
]
