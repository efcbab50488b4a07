from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chatdong.core"
    label = "core"
    verbose_name = "공통"

    def ready(self) -> None:
        from chatdong.core import lookups, safety  # noqa: F401  (safety registers the production checks)

        lookups.register()
