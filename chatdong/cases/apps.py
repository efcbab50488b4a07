from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "chatdong.cases"
    label = "cases"

    def ready(self) -> None:
        from chatdong.registry import household_page

        from .selectors import household_section

        household_page.add_section(household_page.Section("cases/_household_section.html", household_section))
