"""Calendar arithmetic the rules need (follow-up at 6 months, contact lost for 3 months), months and dates as typed,
and the years a typed date may fall in."""

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError

# The dates anyone may type or send: wide enough for every resident's birth date and every plan, narrow enough
# that the arithmetic on them (a month later, the day before, a week's Monday) never runs off Python's calendar
# (years 1 to 9999), which answered `month=9999-12` or `date_from=0001-01-01` with a server error.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
OUT_OF_RANGE = f"{EARLIEST.year}년부터 {LATEST.year}년 사이의 날짜를 입력하세요."
MONTH_FORMAT = f"YYYY-MM 형식으로, {EARLIEST.year}년부터 {LATEST.year}년 사이로 입력하세요."


def in_range(day: dt.date) -> bool:
    """Whether the day (or the date of a date and time) is one a person may type: between EARLIEST and LATEST."""
    day = day.date() if isinstance(day, dt.datetime) else day
    return EARLIEST <= day <= LATEST


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month, `months` later (or earlier); clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(text: str) -> dt.date:
    """A date typed as YYYY-MM-DD, between EARLIEST and LATEST.

    Raises ValueError for anything else; each caller answers that in its own Korean words."""
    if not ISO_DATE.fullmatch(text):  # fromisoformat also reads 20260101 and week dates (2026-W01-1)
        raise ValueError(text)
    day = dt.date.fromisoformat(text)
    if not in_range(day):
        raise ValueError(text)
    return day


def parse_month(text: str) -> dt.date:
    """A month typed as YYYY-MM (as `<input type="month">` sends it), as the month's first day, between EARLIEST
    and LATEST.

    Raises ValueError for anything else; each caller answers that in its own Korean words."""
    return parse_date(f"{text}-01")


def typed_month(text: str, label: str) -> dt.date | None:
    """The month typed into the field called `label` (YYYY-MM) as its first day; None when left empty."""
    if not text:
        return None
    try:
        return parse_month(text)
    except ValueError:
        raise ValidationError(f"{label}은(는) {MONTH_FORMAT}") from None
