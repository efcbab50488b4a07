"""`manage.py issue_token USERNAME [--label ...]`: issue an API token and print it (only it) on stdout."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chatdong.api.models import ApiToken


class Command(BaseCommand):
    help = "사용자에게 API 토큰을 발급하고 토큰만 표준 출력에 씁니다. 토큰은 다시 볼 수 없으니 안전하게 보관하세요."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="토큰을 받을 사용자 이름")
        parser.add_argument("--label", default="", help="토큰의 용도(예: 구청 통계 연계)")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        label: str = options["label"].strip()
        if len(label) > ApiToken._meta.get_field("label").max_length:  # type: ignore[operator]
            raise CommandError("용도는 100자 이하로 입력하세요.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"사용자 '{username}'을(를) 찾을 수 없습니다.")
        if not user.is_active:
            raise CommandError(f"사용자 '{username}'은(는) 비활성 상태여서 토큰을 발급할 수 없습니다.")
        _token, clear = ApiToken.issue(user, label)
        # Only the token on stdout, so that `TOKEN=$(manage.py issue_token ...)` captures it.
        self.stdout.write(clear)
        self.stderr.write(f"{username}에게 API 토큰을 발급했습니다. 이 값은 다시 볼 수 없습니다.")
