"""Free text: one limit per field, read from its model column, said in Korean with the field's name."""

import pytest
from django.apps import apps
from django.db import models

from chatdong.consult.models import Consultation
from chatdong.core.text import clean_text, limit, particle, too_long


@pytest.mark.parametrize(
    ("word", "expected"),
    [("상담 내용", "상담 내용은"), ("사유", "사유는"), ("대상(이름·위치)", "대상(이름·위치)는"), ("ID", "ID은(는)")],
)
def test_the_topic_particle_follows_the_last_syllable(word, expected):
    assert particle(word, "은", "는") == expected


def test_the_message_names_the_field_the_limit_and_the_length_typed():
    assert too_long("상담 내용", 10_000, 12_345) == "상담 내용은 10,000자 이내로 입력하세요 (현재 12,345자)."
    assert too_long("사유", 1_000, None) == "사유는 1,000자 이내로 입력하세요."


def test_the_limit_is_the_model_column():
    assert limit(Consultation, "summary") == Consultation._meta.get_field("summary").max_length == 5_000
    with pytest.raises(ValueError, match="no max_length"):
        limit(Consultation, "occurred_on")


def test_services_refuse_over_long_text_in_the_same_words():
    with pytest.raises(Exception) as refused:
        clean_text("가" * 201, "메모", 200)
    assert refused.value.messages == ["메모는 200자 이내로 입력하세요 (현재 201자)."]  # type: ignore[attr-defined]


def _user_text_fields() -> list[models.Field]:
    return [
        field
        for model in apps.get_models()
        if model.__module__.startswith("chatdong.")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.editable
    ]


def test_every_text_field_a_person_writes_has_a_limit():
    unlimited = [f"{f.model.__name__}.{f.name}" for f in _user_text_fields() if f.max_length is None]
    assert not unlimited, "max_length이 없는 글 항목 (docs/input.md의 표에 더하세요)"


def test_the_limits_are_documented_as_they_are():
    with open("docs/input.md", encoding="utf-8") as doc:
        text = doc.read()
    for f in _user_text_fields():
        row = f"| `{f.model.__name__}.{f.name}` | {f.verbose_name} | {f.max_length:,} |"
        assert row in text, f"docs/input.md: {row}"
