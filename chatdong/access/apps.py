from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "chatdong.access"
    label = "access"
    verbose_name = "접근 권한·기록"
