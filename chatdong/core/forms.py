"""Forms styled with the KRDS classes, so templates can render fields without per-field markup, and checked alike:
every date within the years anyone may type, every text within its limit, in Korean words naming the field."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest

from .dates import EARLIEST, LATEST, MONTH_FORMAT, OUT_OF_RANGE, in_range, parse_month
from .needs import NeedDomain
from .text import too_long


def form_errors(form: forms.BaseForm) -> list[str]:
    """A form's errors as Korean lines for the page: "<field label>: <messages>" (non-field errors bare; a message
    that names its field already is not prefixed again)."""
    lines = []
    for name, errs in form.errors.items():
        text = " ".join(str(e) for e in errs)
        label = form.fields[name].label if name in form.fields else None
        lines.append(f"{label}: {text}" if label and not text.startswith(str(label)) else text)
    return lines


def within_calendar(value: dt.date | None) -> None:
    """A date (or date and time) between EARLIEST and LATEST: what the rules' date arithmetic can work on."""
    if value is not None and not in_range(value):
        raise ValidationError(OUT_OF_RANGE, code="out_of_range")


class TextLimit:
    """The field's `max_length` said in Korean, with its name and the length typed (Django's message names neither)."""

    def __init__(self, label: str, max_length: int):
        self.label, self.max_length = label, max_length

    def __call__(self, value: str) -> None:
        if len(value) > self.max_length:
            raise ValidationError(too_long(self.label, self.max_length, len(value)), code="too_long")


def guard(name: str, field: forms.Field) -> None:
    """Give a form field the checks every field of its kind gets (once; fields added after `__init__` too)."""
    if getattr(field, "guarded", False):
        return
    field.guarded = True  # type: ignore[attr-defined]
    if isinstance(field, forms.DateField | forms.DateTimeField | MonthField):
        field.validators.append(within_calendar)
        if isinstance(field.widget, forms.DateInput) and field.widget.input_type == "date":
            field.widget.attrs.setdefault("min", EARLIEST.isoformat())
            field.widget.attrs.setdefault("max", LATEST.isoformat())
    if isinstance(field, forms.CharField) and field.max_length is not None:
        kept = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators = [*kept, TextLimit(str(field.label or name), field.max_length)]


def flash_errors(request: HttpRequest, errors: list[str]) -> None:
    """Show each error on the page the user is sent back to (after a redirect)."""
    for error in errors:
        messages.error(request, error)


class CheckedFormMixin:
    """Gives every field the checks of `guard`: when the form is made (for the limits its widgets show) and before it
    is cleaned (for fields a form adds after `__init__`: need rows, fields offered by role). Every form of the
    project has it, through `CheckedForm` or `KrdsForm` (tests/core/test_forms.py sees to it)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            guard(name, field)

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            guard(name, field)
        super().full_clean()  # type: ignore[misc]


class CheckedForm(CheckedFormMixin, forms.Form):
    pass


class KrdsFormMixin(CheckedFormMixin):
    """Adds the KRDS class of each widget kind (text inputs, selects and text areas) to the checked form."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
                continue
            if isinstance(widget, forms.Select):
                css = "krds-form-select"
            elif isinstance(widget, forms.Textarea):
                css = "krds-input cd-textarea"
            elif isinstance(widget, forms.widgets.Input) and widget.input_type not in {"hidden", "file"}:
                css = "krds-input"
            else:
                continue
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class KrdsForm(KrdsFormMixin, forms.Form):
    pass


class MonthField(forms.Field):
    """A month as `<input type="month">` sends it (YYYY-MM); the value is the month's first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    default_error_messages = {"invalid": f"월은 {MONTH_FORMAT}"}

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        try:
            return parse_month(str(value).strip())
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class NeedRowsMixin:
    """A tick box and a note per need domain (욕구 영역), as the desk consultation and the home visit ask them.

    Call `add_need_fields()` at the end of `__init__` (after KrdsFormMixin styled the declared fields).
    """

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_need_fields(self) -> None:
        for domain in NeedDomain:
            self.fields[f"need_{domain.value}"] = forms.BooleanField(label=domain.label, required=False)
            self.fields[f"note_{domain.value}"] = forms.CharField(
                label=f"{domain.label} 욕구 내용", max_length=300, required=False,
                widget=forms.TextInput(attrs={"class": "krds-input cd-need-note"}),
            )  # fmt: skip

    def need_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"need_{d.value}"], self[f"note_{d.value}"]) for d in NeedDomain]  # type: ignore[index]

    def needs(self) -> list[tuple[str, str]]:
        """(domain, note) of each domain ticked or described: a note alone records the domain too."""
        data = self.cleaned_data
        return [
            (d.value, data.get(f"note_{d.value}", "").strip())
            for d in NeedDomain
            if data.get(f"need_{d.value}") or data.get(f"note_{d.value}", "").strip()
        ]
