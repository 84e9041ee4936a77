from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "passport.credentials"
    label = "credentials"
    verbose_name = "Credentials"

    def ready(self) -> None:
        from passport.credentials.exports import credentials_of_volunteer
        from passport.volunteers import export_sections

        export_sections.register("credentials", credentials_of_volunteer)
