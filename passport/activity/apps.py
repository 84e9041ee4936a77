from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "passport.activity"
    label = "activity"
    verbose_name = "Volunteering hours and recognition"
