"""Resident numbers inside free text are masked however they were typed; ordinary numbers are not."""

import pytest

from chatdong.core.rrn import mask_in_text

MASKED = "900101-1******"


@pytest.mark.parametrize(
    "typed",
    [
        "900101-1234567",  # as written
        "9001011234567",  # digits only
        "900101-1******",  # already masked
        "900101-123****",  # half masked
        "9001011******",  # masked, no hyphen
        "900101 1234567",  # a space
        "900101 - 1234567",  # spaces around the hyphen
        "900101–1234567",  # an en dash (word processors)
        "900101.1234567",
        "900101/1234567",
        "900101-12",  # part of the back half
        "900101-1",
        "900101-12345678",  # one digit too many, still not left in clear
        "900101+1234567",  # form-encoded space
        "900101%201234567",
        "900101%2D1234567",  # URL-encoded hyphen
    ],
)
def test_every_way_of_typing_a_number_is_masked(typed):
    assert mask_in_text(typed) == MASKED
    assert mask_in_text(f"검색어: {typed} (확인)") == f"검색어: {MASKED} (확인)"


def test_numbers_inside_other_text_are_masked():
    assert mask_in_text("q=9001011234567&page=2") == f"q={MASKED}&page=2"
    assert mask_in_text("김영희900101-1234567") == f"김영희{MASKED}"
    assert mask_in_text("/households/9001011234567/") == f"/households/{MASKED}/"
    # a percent-encoded Korean name ends in a byte like %80: the digits after it are still a number of their own
    assert mask_in_text("subject=%EA%B9%80900101-1234567") == f"subject=%EA%B9%80{MASKED}"
    assert mask_in_text("650101-2345678, 100204-4456789") == "650101-2******, 100204-4******"


def test_a_mistyped_birth_date_with_a_hyphen_is_masked_too():
    assert mask_in_text("901301-1234567") == "901301-1******"


@pytest.mark.parametrize(
    "ordinary",
    [
        "010-1234-5678",  # mobile phone
        "01012345678",
        "02-912-3456",  # landline
        "0212345678",
        "900101",  # a birth date alone
        "1990-01-01",
        "2024.01.05",
        "20240105",
        "240105 1430",  # a date and a time
        "123-456-789012",  # an account number
        "123456-78-901234",
        "90010112345678",  # fourteen digits: not a resident number
        "1234567",
        "사례 목록 · 이름: (없음) · 단계: (전체) · 2쪽",
        "",
    ],
)
def test_ordinary_numbers_are_left_alone(ordinary):
    assert mask_in_text(ordinary) == ordinary
