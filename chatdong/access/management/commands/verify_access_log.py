"""manage.py verify_access_log: walk the access log's hash chain; exit 0 when intact, 1 naming the first broken
entry. Run it daily (docs/access.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chatdong.access import logchain


class Command(BaseCommand):
    help = "개인정보 접근기록의 해시 체인을 처음부터 끝까지 확인합니다(위변조·삭제·삽입 탐지)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=logchain.BATCH, help="한 번에 읽는 기록 수")

    def handle(self, *args: Any, **options: Any) -> None:
        report = logchain.verify(batch_size=max(options["batch_size"], 1))
        if report.broken:
            raise CommandError(report.summary)
        self.stdout.write(report.summary)
