from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "chatdong.org"
    label = "org"
    verbose_name = "조직"
