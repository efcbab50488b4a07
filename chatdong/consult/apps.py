from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "chatdong.consult"
    label = "consult"
