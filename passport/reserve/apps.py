from django.apps import AppConfig


class ReserveConfig(AppConfig):
    name = "passport.reserve"
    label = "reserve"
    verbose_name = "National Volunteer Reserve"

    def ready(self) -> None:
        from passport.notifications import inbound_handlers
        from passport.reserve.services import sms_reply_handle

        inbound_handlers.register(sms_reply_handle)

        from passport.reserve.exports import reserve_of_volunteer
        from passport.volunteers import export_sections

        export_sections.register("reserve", reserve_of_volunteer)
