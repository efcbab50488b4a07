"""What the hostile-input crawler sends and where: the values, the forms and links of a rendered page, and the
names of the query parameters a view reads.

Kept apart from the test so the test reads as its story: open each page, fill each thing it takes with each
hostile value, and find no answer ≥ 500.
"""

import datetime as dt
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit


class Raw(str):
    """A value already percent-encoded for a query string (bytes no text can hold: invalid UTF-8)."""


# Each value is something a person, a pasted document or a probe has sent, with why it is worth sending.
HOSTILE: dict[str, str] = {
    "NUL": "김\x00영희",  # PostgreSQL refuses it in text
    "control characters": "\x01\x08\x0b\x1b\x7f",
    "10,000 characters": "가" * 10_000,
    "zero": "0",
    "empty": "",
    "negative": "-1",
    "past 64 bits": str(2**64),  # past any id column
    "month 9999-12": "9999-12",  # its next month is past the calendar
    "month 13": "2026-13",
    "date 0001-01-01": "0001-01-01",  # its day before is before the calendar
    "date 9999-12-31": "9999-12-31",
    "huge float": "1e309",
    "unicode oddities": "\u202e\ufeff가\u0301𝕏👩‍👩‍👧",
    "quotes and wildcards": "%_'\"\\",
    "invalid UTF-8": Raw("%FF%C0%AF"),
}

# What a form field of each kind is sent, out of HOSTILE: text gets what breaks text, a date or a number what
# breaks parsing and arithmetic, a choice (an id, a code) what breaks a lookup.
TEXT_VALUES = ["NUL", "control characters", "10,000 characters", "unicode oddities", "quotes and wildcards", "empty"]
NUMBER_VALUES = [
    "zero", "empty", "negative", "past 64 bits", "month 9999-12", "month 13", "date 0001-01-01", "date 9999-12-31",
    "huge float", "NUL",
]  # fmt: skip
CHOICE_VALUES = ["zero", "empty", "negative", "past 64 bits", "quotes and wildcards", "NUL", "10,000 characters"]
FREE_TEXT = {"text", "textarea", "search", "tel", "email", "url", "password"}
DATES_AND_NUMBERS = {"date", "month", "week", "time", "datetime-local", "number", "range"}


# For a page that answers a PDF (each answer rendered by WeasyPrint, a second apiece), the values that break
# reading a parameter rather than each variation of them.
PDF_VALUES = ["NUL", "10,000 characters", "past 64 bits", "month 9999-12", "date 0001-01-01", "invalid UTF-8"]


def values_for(field: "Field") -> list[str]:
    """What to send in the field: the hostile values of its kind and, for text with a limit, exactly that many
    characters (what the form lets through must fit its database column: on PostgreSQL a form limit above the
    column's was a server error)."""
    kind = field.kind
    names = TEXT_VALUES if kind in FREE_TEXT else NUMBER_VALUES if kind in DATES_AND_NUMBERS else CHOICE_VALUES
    values = [HOSTILE[name] for name in names if not isinstance(HOSTILE[name], Raw)]
    if kind in FREE_TEXT and field.maxlength:
        values.append("가" * field.maxlength)
    return values


def query(params: dict[str, str]) -> str:
    """A query string, each value percent-encoded unless it is `Raw` already."""
    return "&".join(f"{quote(k)}={v if isinstance(v, Raw) else quote(v, safe='')}" for k, v in params.items())


@dataclass
class Field:
    name: str
    kind: str  # an <input>'s type, "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    maxlength: int | None = None


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons: (name, value)

    def names(self) -> list[str]:
        return sorted({f.name for f in self.fields})

    def distinct_fields(self) -> list[Field]:
        """One field a name (a list of checkboxes is one field to fill), and of a formset's rows the first (the
        rows are the same form: `members-3-name` is filled as `members-0-name` was)."""
        seen: dict[str, Field] = {}
        for f in self.fields:
            seen.setdefault(ROW.sub("-N-", f.name), f)
        return list(seen.values())

    def filled(self, today: dt.date) -> dict[str, Any]:
        """What a person would send: the values the page put in, and a plausible value where it left one empty."""
        data: dict[str, Any] = {}
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.checked or (f.kind == "radio" and f.name not in data):
                    data.setdefault(f.name, f.value or "on")
                continue
            if f.kind == "select":
                data.setdefault(f.name, f.value or next((o for o in f.options if o), ""))
                continue
            data.setdefault(f.name, f.value or plausible(f.kind, today))
        return data


ROW = re.compile(r"-\d+-")


def plausible(kind: str, today: dt.date) -> str:
    return {
        "date": today.isoformat(),
        "month": f"{today:%Y-%m}",
        "time": "10:00",
        "datetime-local": f"{today.isoformat()}T10:00",
        "number": "1",
        "tel": "010-1234-5678",
        "email": "someone@example.com",
    }.get(kind, "확인이 필요한 사정이 있습니다.")


class PageReader(HTMLParser):
    """The forms of a page (with their fields) and the query parameters its links carry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "?" in a.get("href", ""):
            self.links.append(a["href"])
        if tag == "form":
            self._form = Form((a.get("method") or "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
            return
        form = self._form
        if form is None or "name" not in a:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                form.buttons.append((a["name"], a.get("value", "")))
            elif kind not in ("file", "button", "reset"):
                form.fields.append(Field(a["name"], kind, a.get("value", ""), checked="checked" in a,
                                         maxlength=_number(a.get("maxlength"))))  # fmt: skip
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = Field(a["name"], "select")
            form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea", maxlength=_number(a.get("maxlength")))
            form.fields.append(self._textarea)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


def link_params(links: list[str], path: str) -> set[str]:
    """Query parameter names of the links that lead back to the page itself."""
    names: set[str] = set()
    for href in links:
        parts = urlsplit(href)
        if parts.path in ("", path):
            names.update(k for k, _v in parse_qsl(parts.query, keep_blank_values=True))
    return names


READS = re.compile(r"request\.GET\.get\(\s*[\"'](\w+)[\"']")


def params_read_by(view: Callable[..., Any]) -> set[str]:
    """The query parameters a view reads by name (`request.GET.get("…")`), under its decorators."""
    try:
        return set(READS.findall(inspect.getsource(inspect.unwrap(view))))
    except (OSError, TypeError):
        return set()
