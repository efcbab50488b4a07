"""Forms of the tong leaders' pages (check-in, crisis) and of 1:1 matching: they parse input; the services
validate the rules."""

import datetime as dt

from django import forms

from chatdong.core.forms import CheckedForm
from chatdong.core.text import limit
from chatdong.org.models import NeighbourhoodLeader
from chatdong.outreach.officers.models import Finding
from chatdong.registry.models import Person

from .models import CheckIn

DATE = forms.DateInput(attrs={"type": "date", "class": "krds-input"}, format="%Y-%m-%d")


TEXT = {"class": "krds-input"}


AREA = {"class": "krds-input", "rows": 3}


class MatchForm(CheckedForm):
    leader = forms.ModelChoiceField(label="통·반장", queryset=NeighbourhoodLeader.objects.none())
    person = forms.ModelChoiceField(label="홀몸어르신", queryset=Person.objects.none())
    every_days = forms.IntegerField(label="안부확인 주기(일)", min_value=1, max_value=90, initial=7)

    def __init__(self, *args, leaders=(), people=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = NeighbourhoodLeader.objects.filter(pk__in=[x.pk for x in leaders])  # type: ignore[attr-defined]
        self.fields["leader"].widget.attrs.update(TEXT)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])  # type: ignore[attr-defined]
        self.fields["person"].widget.attrs.update(TEXT)
        self.fields["every_days"].widget.attrs.update(TEXT)


class CheckInForm(CheckedForm):
    method = forms.ChoiceField(label="방법", choices=CheckIn.CheckInMethod.choices, widget=forms.RadioSelect)
    condition = forms.ChoiceField(label="상태", choices=CheckIn.Condition.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="내용", max_length=limit(CheckIn, "note"), required=False, widget=forms.Textarea(attrs=AREA)
    )
    checked_on = forms.DateField(label="확인일", initial=dt.date.today, widget=DATE)


class CrisisForm(CheckedForm):
    description = forms.CharField(
        label="어떤 위기인가요",
        max_length=limit(Finding, "description"),
        widget=forms.Textarea(attrs=AREA),
        help_text="보신 상황을 그대로 적어 주세요.",
    )
