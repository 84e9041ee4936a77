from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "passport.impact"
    label = "impact"
    verbose_name = "Impact statistics"
