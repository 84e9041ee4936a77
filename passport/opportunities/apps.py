from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "passport.opportunities"
    label = "opportunities"
    verbose_name = "Opportunities and applications"
