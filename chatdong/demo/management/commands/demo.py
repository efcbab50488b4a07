"""`manage.py demo`: build (or rebuild) the Seongbuk-gu demo district, then print its accounts.

It only builds, so it can be scripted; serving is the README's next command. It applies pending
migrations first (quietly), so a fresh checkout needs nothing else.
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chatdong.demo.build import MAX_SCALE, MIN_SCALE, DemoSummary, build_demo

# 0.2 ≈ 94,000 residents: about 10–13 s on SQLite on a 2-core machine (0.05 ≈ 23,000 takes 4 s, 1.0 ≈ 60 s on
# PostgreSQL; see bench/README.md). Enough people for every list and figure to look real, quick to start.
DEFAULT_SCALE = 0.2
DEFAULT_SEED = 2014
DEFAULT_PASSWORD = "chatdong-demo"


class Command(BaseCommand):
    help = (
        "성북구 데모 지역(20개 동, 가상의 가구·주민, 직원, 통·반장, 기관, 사례·상담·의뢰·사례회의, "
        "찾아가는 복지 대상·방문·모니터링, 우리동네주무관 활동, 안부확인)을 만듭니다. "
        "기존 데모는 교체됩니다."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=DEFAULT_SCALE,
            help=f"2014년 실제 규모(주민 약 46만 8천 명) 대비 비율, {MIN_SCALE}–{MAX_SCALE} (기본 {DEFAULT_SCALE})",
        )  # fmt: skip
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"난수 시드 (기본 {DEFAULT_SEED})")
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help=f"모든 데모 계정의 비밀번호 (기본 {DEFAULT_PASSWORD})"
        )
        parser.add_argument("--skip-migrate", action="store_true", help="migrate를 실행하지 않습니다.")
        parser.add_argument(
            "--force", action="store_true", help="운영 설정(CHATDONG_DEBUG가 1이 아님)에서도 만듭니다 (시험 서버 전용)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale: float = options["scale"]
        if not MIN_SCALE <= scale <= MAX_SCALE:
            raise CommandError(f"--scale은 {MIN_SCALE}에서 {MAX_SCALE} 사이여야 합니다(입력: {scale}).")
        if not options["password"]:
            raise CommandError("--password는 비워 둘 수 없습니다.")
        # The demo empties every table it fills and creates accounts with a published password: one mistyped
        # command on a production server would wipe the district's records.
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "운영 설정(CHATDONG_DEBUG가 1이 아님)에서는 데모를 만들지 않습니다. 데모는 데이터베이스의 가구·주민·"
                "기록을 모두 지우고 공개된 비밀번호의 계정을 만듭니다. 시험 서버라면 --force를 붙이세요."
            )
        if not options["skip_migrate"]:
            call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(f"성북구 데모를 만드는 중입니다 (규모 {scale}, 시드 {options['seed']}) …")
        summary = build_demo(scale=scale, seed=options["seed"], password=options["password"])
        self._report(summary, options["password"])

    def _report(self, s: DemoSummary, password: str) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"성북구 데모를 만들었습니다 ({s.seconds:.1f}초)."))
        out.write(f"  행정동 {s.dongs}개, 통 {s.tongs:,}개")
        out.write(f"  가구 {s.households:,}세대, 주민 {s.residents:,}명 (남 {s.males:,}명, 여 {s.females:,}명)")
        out.write(f"  급여·자격 {s.benefit_rows:,}건, 위기·특성 표시 {s.flags:,}건")
        out.write(f"  사례 {s.cases:,}건, 상담 {s.consultations:,}건, 의뢰 {s.referrals:,}건, 회의 {s.meetings:,}건")
        out.write(
            f"  찾아가는 복지 대상 {s.targets:,}명, 방문상담 {s.visits:,}건, 모니터링 가구 {s.watches:,}세대, "
            f"안부확인 {s.check_ins:,}건"
        )
        out.write(
            f"  우리동네주무관 활동 {s.activities:,}건, 발굴·전달 {s.findings:,}건, "
            f"주간 활동보고 {s.weekly_reports:,}건"
        )
        out.write(
            f"  주요 거점 {s.key_places:,}곳, 동네 탐방 사진 {s.photos:,}장, "
            f"우리동네주무관 공유·평가회의 {s.reviews:,}건"
        )
        out.write(f"  직원 {s.staff:,}명, 통·반장 및 주민 조력자 {s.leaders:,}명, 협력 기관 {s.agencies:,}곳")
        out.write("")
        out.write(f"데모 계정 (비밀번호는 모두 {password}):")
        rows = [("아이디", "이름", "역할", "소속")] + [(a.username, a.name, a.role, a.dong) for a in s.accounts]
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            out.write("  " + "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        out.write("그 밖의 직원 계정은 <동>.<업무> 형식입니다 (예: jangwi1.nurse, seokgwan.head).")


def _width(text: str) -> int:
    # Hangul takes two columns in a terminal.
    return sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
