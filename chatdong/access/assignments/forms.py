"""Forms for assigning zones, tongs and roles."""

from django import forms

from chatdong.core.forms import KrdsForm
from chatdong.org.roles import PlannerSpeciality, Role


class ZoneOfficerForm(KrdsForm):
    zone = forms.IntegerField(widget=forms.HiddenInput)
    officer = forms.IntegerField(required=False)


class TongZoneForm(KrdsForm):
    tong = forms.IntegerField(widget=forms.HiddenInput)
    zone = forms.IntegerField(required=False)


class RolesForm(KrdsForm):
    roles = forms.MultipleChoiceField(label="역할", choices=Role.choices, widget=forms.CheckboxSelectMultiple)
    speciality = forms.ChoiceField(
        label="복지플래너 전담분야", choices=[("", "없음"), *PlannerSpeciality.choices], required=False
    )
