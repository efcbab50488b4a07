from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chatdong.reports"
    label = "reports"
