from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "passport.imports"
    label = "imports"
    verbose_name = "Imports from other volunteering systems"
