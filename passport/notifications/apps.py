from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "passport.notifications"
    label = "notifications"
    verbose_name = "Notifications"
