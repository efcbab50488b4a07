"""Reading an API request's query, form and JSON body as ninja does, refusing what no operation takes: a body that
is no JSON object (ninja let an array or a number through as "no fields given", so an operation whose fields are
all optional acted on `[]`), and a control character anywhere in the text (PostgreSQL refuses NUL in text, so
that a search or a note with one was a server error).

Each refusal is a schema error (422) naming the field, as a value of the wrong type would be. Ninja wraps whatever
`parse_body` raises into a 400 "cannot parse"; `errors.on_http_error` answers that wrapped refusal as the 422.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

from chatdong.core.text import CONTROL_CHARACTERS

NOT_TEXT = "control_character"  # the error type, as pydantic's are named


def _refuse_control_characters(source: str, data: Any) -> None:
    """Raise ninja's ValidationError listing every string (key or value) that holds a control character."""
    errors: list[dict[str, Any]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, str):
            if CONTROL_CHARACTERS.search(value):
                errors.append({"type": NOT_TEXT, "loc": (source, *path), "msg": "control character"})
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key, (*path, key))
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(data, ("",) if source == "body" else ())
    if errors:
        raise ValidationError(errors)


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):  # every body of this API is an object
            raise ValidationError([{"type": "dict_type", "loc": ("body", ""), "msg": "Input should be an object"}])
        _refuse_control_characters("body", data)
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        _refuse_control_characters("query" if data is request.GET else "form", result)
        return result
