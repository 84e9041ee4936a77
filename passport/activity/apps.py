from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "passport.activity"
    label = "activity"
    verbose_name = "Volunteering hours and recognition"

    def ready(self) -> None:
        from passport.activity.exports import hours_of_volunteer
        from passport.volunteers import export_sections

        export_sections.register("hours", hours_of_volunteer)
