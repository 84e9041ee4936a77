from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "passport.support"
    label = "support"
    verbose_name = "Community support"

    def ready(self) -> None:
        from passport.notifications import inbound_handlers
        from passport.support.replies import sms_reply_handle

        inbound_handlers.register(sms_reply_handle)
