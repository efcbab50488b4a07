"""Calendar arithmetic the rules need (follow-up at 6 months, contact lost for 3 months) and months as typed."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month, `months` later (or earlier); clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_month(text: str) -> dt.date:
    """A month typed as YYYY-MM (as `<input type="month">` sends it), as the month's first day.

    Raises ValueError for anything else; each caller answers that in its own Korean words."""
    return dt.date.fromisoformat(f"{text}-01")


def typed_month(text: str, label: str) -> dt.date | None:
    """The month typed into the field called `label` (YYYY-MM) as its first day; None when left empty."""
    if not text:
        return None
    try:
        return parse_month(text)
    except ValueError:
        raise ValidationError(f"{label}은(는) YYYY-MM 형식으로 입력하세요.") from None
