from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "chatdong.registry"
    label = "registry"
    verbose_name = "가구·가구원"
