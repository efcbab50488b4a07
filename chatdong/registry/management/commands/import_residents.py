"""manage.py import_residents: the resident-registry CSV import from the command line (format: docs/import.md)."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chatdong.access.principal import principal_for
from chatdong.registry import imports, rules


class Command(BaseCommand):
    help = "주민등록 자료 CSV를 가져옵니다. 기본은 오류가 하나라도 있으면 아무것도 가져오지 않습니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV 파일 경로 (UTF-8 또는 CP949)")
        parser.add_argument("--user", required=True, help="가져오는 직원의 아이디 (권한 범위와 변경 기록에 쓰입니다)")
        parser.add_argument(
            "--partial", action="store_true", help="오류가 없는 세대만 가져오고, 오류가 있는 세대의 행은 돌려줍니다"
        )
        parser.add_argument("--rejects", metavar="OUT.csv", help="가져오지 않은 행을 오류 열과 함께 저장할 파일")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"사용자 '{options['user']}'을(를) 찾을 수 없습니다.")
        principal = principal_for(user)
        if not rules.can_import(principal):
            raise CommandError(f"'{options['user']}' 계정은 주민등록 자료를 가져올 권한이 없습니다.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError:
            raise CommandError(f"파일 '{path}'을(를) 읽을 수 없습니다.") from None
        try:
            result = imports.import_residents(
                data, user=user, principal=principal, partial=options["partial"], dry_run=options["dry_run"]
            )
        except imports.ImportFileError as exc:
            raise CommandError(exc.message) from None

        for row in result.rejected:
            self.stdout.write(f"{row.line}번째 줄: " + " / ".join(row.reasons))
        for line in result.summary():
            self.stdout.write(line)
        if result.rejected and options["rejects"]:
            Path(options["rejects"]).write_bytes(result.rejects_csv())
            self.stdout.write(f"가져오지 않은 {len(result.rejected):,}행을 {options['rejects']}에 저장했습니다.")
        if result.rejected and not options["partial"]:
            raise CommandError("오류가 있는 행이 있어 아무것도 가져오지 않았습니다.", returncode=2)
