from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "passport.volunteers"
    label = "volunteers"
    verbose_name = "Volunteers"

    def ready(self) -> None:
        from passport.volunteers import signals  # noqa: F401
