"""Forms styled with the KRDS classes, so templates can render fields without per-field markup."""

from typing import Any

from django import forms


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


def form_errors(form: Any) -> list[str]:
    """A bound form's errors as Korean lines, each led by its field's label, for the page's error list."""
    return [
        f"{form.fields[name].label}: " * (name in form.fields) + " ".join(str(e) for e in errs)
        for name, errs in form.errors.items()
    ]
