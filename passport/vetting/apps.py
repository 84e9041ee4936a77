from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "passport.vetting"
    label = "vetting"
    verbose_name = "Vetting"
