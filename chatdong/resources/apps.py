from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "chatdong.resources"
    label = "resources"
