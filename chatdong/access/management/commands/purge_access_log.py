"""manage.py purge_access_log: remove access-log entries older than ACCESS_LOG_RETENTION_DAYS, keeping the rest
verifiable from the last removed entry. Run it monthly (docs/access.md)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chatdong.access import logchain


class Command(BaseCommand):
    help = (
        "보존기간(ACCESS_LOG_RETENTION_DAYS)이 지난 개인정보 접근기록을 파기합니다. 남은 기록의 해시 체인은 이어집니다."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="파기할 기록 수만 보여 주고 아무것도 지우지 않습니다."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.ACCESS_LOG_RETENTION_DAYS
        try:
            result = logchain.purge(dry_run=options["dry_run"])
        except logchain.PurgeRefused as refusal:
            raise CommandError(str(refusal)) from None
        before = f"{timezone.localtime(result.cutoff):%Y-%m-%d %H:%M} 이전"
        span = f"순번 {result.first_seq:,}–{result.through_seq:,}"
        if not result.count:
            self.stdout.write(f"보존기간({days}일)이 지난 접근기록이 없습니다({before}). 아무것도 파기하지 않았습니다.")
        elif options["dry_run"]:
            self.stdout.write(
                f"[미리보기] 보존기간({days}일)이 지난 접근기록 {result.count:,}건({span}, {before})을 "
                "파기할 예정입니다. 지운 것은 없습니다."
            )
        else:
            self.stdout.write(
                f"보존기간({days}일)이 지난 접근기록 {result.count:,}건({span}, {before})을 파기했습니다. "
                "파기 사실은 접근기록에 남겼습니다."
            )
