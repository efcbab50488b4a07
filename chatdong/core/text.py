"""Free text typed by a user, checked the same way everywhere: trimmed, length in Korean, no NUL (PostgreSQL
text cannot hold it)."""

from django.core.exceptions import ValidationError


def checked_text(value: str, label: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"{label}을(를) 입력하세요.")
    if len(value) > max_length:
        raise ValidationError(f"{label}은(는) {max_length}자 이하로 입력하세요.")
    if "\x00" in value:
        raise ValidationError(f"{label}에 입력할 수 없는 문자가 있습니다.")
    return value
