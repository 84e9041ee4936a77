from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "passport.vetting"
    label = "vetting"
    verbose_name = "Vetting"

    def ready(self) -> None:
        from passport.vetting.exports import vetting_of_volunteer
        from passport.volunteers import export_sections

        export_sections.register("vetting", vetting_of_volunteer)
