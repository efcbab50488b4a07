"""Resident numbers: validated, consistent with birth date and sex, masked, encrypted and found by hash."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chatdong.core import crypto, rrn


def test_valid_number_gives_birth_date_and_sex():
    number = rrn.parse("650101-2345678")
    assert number.birth_date == dt.date(1965, 1, 1)
    assert number.sex == "F"
    assert number.masked == "650101-2******"


def test_born_in_2000s_uses_digits_3_and_4():
    assert rrn.parse("1002043456789").birth_date == dt.date(2010, 2, 4)
    assert rrn.parse("100204-4456789").sex == "F"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("65010-12345678", "13자리"),
        ("abcdef-1234567", "13자리"),
        ("651301-1234567", "올바른 날짜"),
        ("650230-1234567", "올바른 날짜"),
        ("", "13자리"),
    ],
)
def test_invalid_numbers_are_refused_in_korean(value, message):
    with pytest.raises(ValidationError) as exc:
        rrn.parse(value)
    assert message in exc.value.messages[0]


def test_future_birth_date_is_refused():
    with pytest.raises(ValidationError, match="미래"):
        rrn.parse("991231-4123456", today=dt.date(2026, 11, 25))


def test_number_must_agree_with_recorded_birth_date_and_sex():
    number = rrn.parse("650101-2345678")
    with pytest.raises(ValidationError, match="생년월일"):
        rrn.check_consistent(number, dt.date(1965, 1, 2), "F")
    with pytest.raises(ValidationError, match="성별"):
        rrn.check_consistent(number, dt.date(1965, 1, 1), "M")
    rrn.check_consistent(number, dt.date(1965, 1, 1), "F")


def test_encryption_round_trips_and_hides_the_digits():
    token = crypto.encrypt("6501012345678")
    assert "6501012345678" not in token
    assert crypto.decrypt(token) == "6501012345678"
    assert crypto.encrypt("6501012345678") != token  # a fresh nonce each time


def test_search_hash_is_stable_and_keyed():
    assert crypto.search_hash("6501012345678") == crypto.search_hash("6501012345678")
    assert crypto.search_hash("6501012345678") != crypto.search_hash("6501012345679")


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("650101-2******", "6501012"), ("650101-2", "6501012"), ("650101-*******", "650101"), ("김영희", None)],
)
def test_masked_search_terms(query, prefix):
    assert rrn.masked_query_prefix(query) == prefix
