from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "chatdong.registry"
    label = "registry"
