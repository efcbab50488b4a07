from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "chatdong.resources"
    label = "resources"
    verbose_name = "자원"
