from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "chatdong.outreach"
    label = "outreach"
    verbose_name = "찾아가는 복지"
