from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "chatdong.consult"
    label = "consult"
    verbose_name = "종합상담·의뢰"
