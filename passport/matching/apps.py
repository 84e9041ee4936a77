from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "passport.matching"
    label = "matching"
    verbose_name = "Matching"
