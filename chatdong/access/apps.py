from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "chatdong.access"
    label = "access"
