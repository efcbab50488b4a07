"""manage.py access_matrix: every rule as one role × action table, in Markdown (docs/access_matrix.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chatdong.access.matrix import markdown


class Command(BaseCommand):
    help = "모든 접근 규칙을 역할 × 작업 표(Markdown)로 출력합니다."
    # Writes documentation from the code and touches no data: it runs on a developer's checkout without the
    # production keys (the production checks would stop it).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="이 파일에 씁니다(기본: 화면에 출력).")

    def handle(self, *args: Any, **options: Any) -> None:
        text = markdown()
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"{options['output']}에 썼습니다.")
        else:
            self.stdout.write(text, ending="")
