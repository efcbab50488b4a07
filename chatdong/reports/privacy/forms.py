"""The auditor's search over the access log."""

from django import forms

from chatdong.access.models import AccessLog
from chatdong.core.forms import KrdsForm


class AccessLogSearchForm(KrdsForm):
    username = forms.CharField(label="열람자 아이디", required=False, max_length=150)
    subject = forms.CharField(label="열람 대상(이름)", required=False, max_length=30)
    household = forms.IntegerField(label="가구 ID", required=False, min_value=1)
    action = forms.ChoiceField(label="구분", required=False, choices=[("", "전체"), *AccessLog.Action.choices])
    date_from = forms.DateField(label="시작일", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="종료일", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ip_address = forms.GenericIPAddressField(label="접속 IP", required=False)
