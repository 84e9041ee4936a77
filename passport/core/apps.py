from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "passport.core"
    label = "core"
    verbose_name = "Core"
