"""Resident registration numbers (주민등록번호): parsing, validation and masking.

The 13 digits are YYMMDD-GNNNNNN where G gives sex and century. Numbers issued since
October 2020 no longer carry a check digit, so the last digit is not validated.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

_RRN_RE = re.compile(r"^(\d{6})-?(\d{7})$")

# Sex/century digit → (century, sex). 5–8 are registered foreigners.
_GENDER_DIGITS = {
    "9": (1800, "M"), "0": (1800, "F"),
    "1": (1900, "M"), "2": (1900, "F"),
    "3": (2000, "M"), "4": (2000, "F"),
    "5": (1900, "M"), "6": (1900, "F"),
    "7": (2000, "M"), "8": (2000, "F"),
}  # fmt: skip


@dataclass(frozen=True)
class ResidentNumber:
    """A validated resident registration number, normalised to 13 digits."""

    digits: str
    birth_date: dt.date
    sex: str  # "M" or "F"

    @property
    def masked(self) -> str:
        return mask(self.digits)

    @property
    def prefix(self) -> str:
        """Birth date and sex digit: the part that masking leaves visible."""
        return self.digits[:7]


def parse(value: str, today: dt.date | None = None) -> ResidentNumber:
    """Validate a resident number and return its parts, or raise ValidationError in Korean."""
    text = (value or "").strip().replace(" ", "")
    match = _RRN_RE.match(text)
    if not match:
        raise ValidationError("주민등록번호는 13자리 숫자(예: 650101-2345678)여야 합니다.", code="rrn_format")
    front, back = match.groups()
    century, sex = _GENDER_DIGITS[back[0]]
    try:
        birth = dt.date(century + int(front[:2]), int(front[2:4]), int(front[4:6]))
    except ValueError:
        raise ValidationError("주민등록번호 앞자리의 생년월일이 올바른 날짜가 아닙니다.", code="rrn_date") from None
    if birth > (today or dt.date.today()):
        raise ValidationError("주민등록번호의 생년월일이 미래 날짜입니다.", code="rrn_future")
    return ResidentNumber(digits=front + back, birth_date=birth, sex=sex)


def check_consistent(number: ResidentNumber, birth_date: dt.date | None, sex: str | None) -> None:
    """Raise ValidationError when the number disagrees with a separately recorded birth date or sex (both reported)."""
    errors = []
    if birth_date and number.birth_date != birth_date:
        errors.append(
            ValidationError(
                "주민등록번호의 생년월일(%(rrn)s)이 입력한 생년월일(%(given)s)과 다릅니다.",
                code="rrn_birth_mismatch",
                params={"rrn": number.birth_date.isoformat(), "given": birth_date.isoformat()},
            )
        )
    if sex and number.sex != sex:
        errors.append(
            ValidationError("주민등록번호 뒷자리 첫 숫자(성별)가 입력한 성별과 다릅니다.", code="rrn_sex_mismatch")
        )
    if errors:
        raise ValidationError(errors)


def mask(digits: str) -> str:
    """Show only birth date and sex digit: 6501012345678 → 650101-2******."""
    if not digits:
        return ""
    return f"{digits[:6]}-{digits[6]}******"


_MASKED_QUERY_RE = re.compile(r"^(\d{6})-?(\d)?\**$")


def masked_query_prefix(query: str) -> str | None:
    """If a search term looks like a (partly) masked number, return the visible digits to match."""
    text = query.strip().replace(" ", "")
    if _RRN_RE.match(text):
        return None  # a full number is matched exactly through the keyed hash instead
    match = _MASKED_QUERY_RE.match(text)
    if not match or ("-" not in text and "*" not in text and match.group(2) is None):
        return None
    return match.group(1) + (match.group(2) or "")


# --- Resident numbers inside free text (search terms, paths, log lines) -----------------------------------------
#
# Logged text must never keep a resident number in clear, however it was typed: with a hyphen or any dash,
# with spaces, dots or slashes between the halves, URL-encoded, as 13 bare digits, already half masked, or with
# only part of the back half. Each is rewritten to the masked form (birth date and sex digit). Ordinary numbers
# stay: a phone number (010-1234-5678), a date alone (900101, 1990-01-01), an account number (123-456-789012).

_MASK_CHARS = r"*●•○xX#"
_SPACE = r"(?:\s|\+|%20)"  # a space, also form-encoded as '+' or '%20'
_DASH = r"(?:[-‐‑‒–—―−~]|%2[dD])"
_OTHER = r"(?:[._/·:]|%2[eEfF])"
# Six digits not inside a longer number (a '%80' before them ends an encoded byte, not a number).
_START = r"(?:(?<!\d)|(?<=%[0-9A-Fa-f]{2}))"
_DATE = r"(?=\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"  # the front reads as YYMMDD
_FULL_BACK = rf"(?P<sex>\d)[\d{_MASK_CHARS}]{{6}}(?!\d)"

_RRN_IN_TEXT = [
    re.compile(pattern)
    for pattern in (
        # A dash and the whole back half, whatever the front (a mistyped one too): 900101-1234567,
        # 901301 – 1234567, 900101-12345678, 900101-1******.
        rf"{_START}(?P<front>\d{{6}}){_SPACE}*{_DASH}{_SPACE}*(?P<sex>\d)[\d{_MASK_CHARS}]{{6}}\d*",
        # A dash and part of the back half, after a date: 900101-12, 900101-1.
        rf"{_START}{_DATE}(?P<front>\d{{6}}){_SPACE}*{_DASH}{_SPACE}*(?P<sex>\d)[\d{_MASK_CHARS}]{{0,5}}(?![\d{_MASK_CHARS}])",
        # Spaces or another separator and the whole back half, after a date: 900101 1234567, 900101.1234567.
        rf"{_START}{_DATE}(?P<front>\d{{6}})(?:{_SPACE}+|{_SPACE}*{_OTHER}{_SPACE}*){_FULL_BACK}",
        # Thirteen bare digits (or seven and six mask characters) after a date: 9001011234567, 9001011******.
        rf"{_START}{_DATE}(?P<front>\d{{6}}){_FULL_BACK}",
    )
]


def mask_in_text(text: str) -> str:
    """Rewrite every resident number in `text` (full, partial, bare or already masked) to its masked form."""
    if not text:
        return text
    for pattern in _RRN_IN_TEXT:
        text = pattern.sub(lambda m: mask(m["front"] + m["sex"] + "000000"), text)
    return text
