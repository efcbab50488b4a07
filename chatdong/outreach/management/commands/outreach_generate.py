"""manage.py outreach_generate: the monthly target lists (cron on the 1st: `--enqueue`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chatdong.core.dates import parse_month
from chatdong.org.models import Dong
from chatdong.outreach.cohorts.tasks import generate_month


class Command(BaseCommand):
    help = "찾아가는 복지 대상자 명단(65세 도래, 출산·양육, 빈곤위기가정)을 모든 동(또는 지정한 동)에 생성합니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="대상 월 YYYY-MM (기본: 이번 달)")
        parser.add_argument("--dong", action="append", default=[], help="행정동 이름 (여러 번 가능, 기본: 전체)")
        parser.add_argument("--enqueue", action="store_true", help="작업 대기열에 넣습니다(작업 백엔드가 실행).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = parse_month(options["month"]) if options["month"] else timezone.localdate()
        except ValueError:
            raise CommandError("대상 월은 YYYY-MM 형식으로 입력하세요.") from None
        dong_ids = None
        if options["dong"]:
            dongs = dict(Dong.objects.filter(name__in=options["dong"]).values_list("name", "pk"))
            missing = sorted(set(options["dong"]) - set(dongs))
            if missing:
                raise CommandError(f"없는 행정동입니다: {', '.join(missing)}")
            dong_ids = list(dongs.values())
        if options["enqueue"]:
            result = generate_month.enqueue(month.replace(day=1).isoformat(), dong_ids)
            self.stdout.write(
                f"{month:%Y-%m} 대상자 명단 생성 작업을 넣었습니다 (작업 {result.id}, 상태 {result.status})."
            )
            return
        summary = generate_month.call(month.replace(day=1).isoformat(), dong_ids)
        self.stdout.write(
            f"{month:%Y-%m} 대상자 명단: 명단 {summary['runs']}개, 새 대상 {summary['added']}명, "
            f"이미 있던 대상 {summary['already_listed']}명"
        )
