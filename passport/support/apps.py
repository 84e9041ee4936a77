from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "passport.support"
    label = "support"
    verbose_name = "Community support"

    def ready(self) -> None:
        from passport.notifications import inbound_handlers
        from passport.support.exports import support_of_volunteer
        from passport.support.replies import sms_reply_handle
        from passport.volunteers import export_sections

        inbound_handlers.register(sms_reply_handle)
        export_sections.register("support", support_of_volunteer)
