"""The progress page's period and programme."""

import datetime as dt

from django import forms

from chatdong.core.forms import KrdsForm, MonthField
from chatdong.outreach.cohorts.forms import ANY, this_month
from chatdong.outreach.cohorts.programmes import Programme


class ProgressForm(KrdsForm):
    date_from = MonthField(label="대상 월(부터)", required=False)
    date_to = MonthField(label="대상 월(까지)", required=False)
    programme = forms.ChoiceField(label="사업", choices=ANY + Programme.choices, required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        """The months asked for; by default the year so far."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        date_to = data.get("date_to") or this_month()
        date_from = data.get("date_from") or date_to.replace(month=1)
        return min(date_from, date_to), max(date_from, date_to)
