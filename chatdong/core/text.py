"""Free text typed by users: how long each field may be, which characters no field takes, and the Korean messages
every form, API schema and service gives for them.

A field's limit is its model column's `max_length` (`limit`): forms, API schemas and services read it from there,
so the number a person is told is the number the database keeps.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

# Characters nobody types and no page or link sends: NUL (which PostgreSQL refuses in text, so that a search
# with one was a server error) and the other C0 control characters and DEL. Tab and line breaks are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNREADABLE = "입력할 수 없는 문자(제어 문자)가 있습니다."


def limit(model: type[models.Model], field_name: str) -> int:
    """The most characters `model.field_name` keeps: the one limit its forms, schemas and services apply."""
    max_length = getattr(model._meta.get_field(field_name), "max_length", None)
    if max_length is None:
        raise ValueError(f"{model.__name__}.{field_name} has no max_length")
    return max_length


def particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """`word` and the form of a Korean particle its last syllable takes: ("상담 내용", "은", "는") → "상담 내용은".

    The last Hangul syllable decides (a label may end in a parenthesis); without one, both forms: "ID은(는)"."""
    for char in reversed(word):
        if "가" <= char <= "힣":
            has_final_consonant = (ord(char) - ord("가")) % 28 != 0
            return word + (after_consonant if has_final_consonant else after_vowel)
    return f"{word}{after_consonant}({after_vowel})"


def too_long(label: str, max_length: int, length: int | None) -> str:
    """'상담 내용은 5,000자 이내로 입력하세요 (현재 12,345자).' (with the length typed when it is known)."""
    typed = f" (현재 {length:,}자)" if length is not None else ""
    return f"{particle(label, '은', '는')} {max_length:,}자 이내로 입력하세요{typed}."


def clean_text(value: str, label: str, max_length: int, *, required: bool = True) -> str:
    """The text stripped; refused in Korean when required and empty, too long, or holding a NUL character."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"{label}을(를) 입력하세요.")
    if len(value) > max_length:
        raise ValidationError(too_long(label, max_length, len(value)))
    if "\x00" in value:
        raise ValidationError(f"{label}에 {UNREADABLE}")
    return value
