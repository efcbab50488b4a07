from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "chatdong.meetings"
    label = "meetings"
    verbose_name = "회의"
