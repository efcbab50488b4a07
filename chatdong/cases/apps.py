from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "chatdong.cases"
    label = "cases"
    verbose_name = "사례관리"

    def ready(self) -> None:
        from chatdong.registry import household_page

        from .selectors import household_section

        household_page.add_section(household_page.Section("cases/_household_section.html", household_section))
