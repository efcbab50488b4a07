"""Forms styled with the KRDS classes, so templates can render fields without per-field markup."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from .dates import parse_month
from .needs import NeedDomain


def form_errors(form: forms.BaseForm) -> list[str]:
    """A form's errors as Korean lines for the page: "<field label>: <messages>" (non-field errors bare)."""
    return [
        f"{form.fields[name].label}: " * (name in form.fields) + " ".join(str(e) for e in errs)
        for name, errs in form.errors.items()
    ]


def flash_errors(request: HttpRequest, errors: list[str]) -> None:
    """Show each error on the page the user is sent back to (after a redirect)."""
    for error in errors:
        messages.error(request, error)


class KrdsFormMixin:
    """Adds the KRDS class of each widget kind: text inputs, selects and text areas."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
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
    default_error_messages = {"invalid": "월은 YYYY-MM 형식으로 입력하세요."}

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
