from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chatdong.api"
    label = "api"
    verbose_name = "API"
