"""Every form checks its fields alike (`core.forms.guard`): dates within 1900–2100, text within its limit in Korean
words naming the field; and every form of the project is such a checked form."""

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms

import chatdong
from chatdong.core.forms import CheckedFormMixin, KrdsForm, MonthField, form_errors


class NoteForm(KrdsForm):
    note = forms.CharField(label="상담 내용", max_length=5)
    day = forms.DateField(label="상담일", widget=forms.DateInput(attrs={"type": "date"}))
    month = MonthField(label="대상 월", required=False)


def test_text_over_its_limit_is_refused_naming_the_field_once():
    form = NoteForm({"note": "가나다라마바", "day": "2026-01-05"})
    assert not form.is_valid()
    assert form_errors(form) == ["상담 내용은 5자 이내로 입력하세요 (현재 6자)."]


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_out_of_1900_to_2100_is_refused(day):
    form = NoteForm({"note": "가", "day": day})
    assert form_errors(form) == ["상담일: 1900년부터 2100년 사이의 날짜를 입력하세요."]


@pytest.mark.parametrize("month", ["9999-12", "0000-00", "2026-13", "abc", "2026-1", "1899-12"])
def test_a_month_malformed_or_out_of_range_is_refused(month):
    form = NoteForm({"note": "가", "day": "2026-01-05", "month": month})
    assert form_errors(form) == ["대상 월: 월은 YYYY-MM 형식으로, 1900년부터 2100년 사이로 입력하세요."]


def test_the_bounds_reach_the_browser_and_the_edges_are_accepted():
    form = NoteForm({"note": "가", "day": "1900-01-01", "month": "2100-12"})
    assert form.is_valid() and form.cleaned_data["month"] == dt.date(2100, 12, 1)
    assert 'min="1900-01-01"' in str(form["day"]) and 'max="2100-12-31"' in str(form["day"])
    assert 'maxlength="5"' in str(form["note"])


def test_a_field_added_after_the_form_was_made_is_checked_too():
    form = NoteForm({"note": "가", "day": "2026-01-05", "later": "가나다"})
    form.fields["later"] = forms.CharField(label="사유", max_length=2)
    assert form_errors(form) == ["사유는 2자 이내로 입력하세요 (현재 3자)."]


def _all_forms() -> list[type]:
    for module in pkgutil.walk_packages(chatdong.__path__, "chatdong."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("chatdong.") and issubclass(sub, forms.Form):
                found.append(sub)
    return found


def test_every_form_of_the_project_is_a_checked_form():
    forms_found = _all_forms()
    assert len(forms_found) > 40
    unchecked = [f"{f.__module__}.{f.__name__}" for f in forms_found if not issubclass(f, CheckedFormMixin)]
    assert not unchecked, "CheckedForm(또는 KrdsForm)을 쓰지 않는 폼"
