from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "passport.demo"
    label = "demo"
    verbose_name = "Demo data"
