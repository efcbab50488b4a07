"""How a search box entry is read: the six-digit birth date people write on forms is not a year."""

import datetime as dt

from chatdong.registry.selectors import interpret


def test_six_digits_are_a_yymmdd_birth_date_prefix():
    assert interpret("400512").kind == "rrn_prefix"
    assert interpret("400512").value == "400512"


def test_eight_digits_are_a_full_date():
    term = interpret("19400512")
    assert (term.kind, term.day) == ("birth_date", dt.date(1940, 5, 12))
