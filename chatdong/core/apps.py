from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chatdong.core"
    label = "core"
    verbose_name = "공통"
