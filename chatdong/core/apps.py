from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chatdong.core"
    label = "core"
    verbose_name = "공통"

    def ready(self) -> None:
        from chatdong.core import safety  # noqa: F401  (registers the production checks)
