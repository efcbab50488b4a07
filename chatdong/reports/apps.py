from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chatdong.reports"
    label = "reports"
    verbose_name = "통계·점검"
