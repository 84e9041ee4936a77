from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "passport.opendata"
    label = "opendata"
    verbose_name = "Open data"
