from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "chatdong.access"
    label = "access"
    verbose_name = "접근 권한·기록"

    def ready(self) -> None:
        from . import two_factor  # noqa: F401  (connects the step after the password to user_logged_in)
