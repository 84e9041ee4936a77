from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "passport.api"
    label = "api"
    verbose_name = "API"
