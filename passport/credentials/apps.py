from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "passport.credentials"
    label = "credentials"
    verbose_name = "Credentials"
