from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "chatdong.demo"
    label = "demo"
    verbose_name = "데모"
