"""Forms of the cohort pages: list filters, generating a month's list, the contact result, the appointment, a
돌봄위기가정 referral. They only read input; services decide."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from chatdong.core.forms import KrdsForm, MonthField
from chatdong.core.text import limit
from chatdong.meetings.models import Meeting
from chatdong.org.models import Agency, NeighbourhoodLeader, StaffMember, Zone
from chatdong.registry.models import Consent

from . import targets
from .generation import GENERATED
from .models import Target
from .programmes import Programme
from .states import TargetStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = [("", "전체")]


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


class TargetFilterForm(KrdsForm):
    programme = forms.ChoiceField(label="사업", choices=ANY + Programme.choices, required=False)
    month = MonthField(label="대상 월", required=False)
    status = forms.ChoiceField(label="진행 상태", choices=ANY + TargetStatus.choices, required=False)
    planner = forms.ModelChoiceField(
        label="담당 복지플래너", queryset=StaffMember.objects.none(), required=False, empty_label="전체"
    )
    zone = forms.ModelChoiceField(label="구역", queryset=Zone.objects.none(), required=False, empty_label="전체")
    mine = forms.BooleanField(label="내 담당만", required=False)

    def __init__(self, *args: Any, dong_id: int | None, district_id: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        planners = StaffMember.objects.filter(roles__role="welfare_planner").distinct().order_by("name")
        zones = Zone.objects.order_by("dong__code", "number")
        if dong_id:
            planners, zones = planners.filter(dong_id=dong_id), zones.filter(dong_id=dong_id)
        elif district_id:
            planners, zones = planners.filter(district_id=district_id), zones.filter(dong__district_id=district_id)
        self.fields["planner"].queryset = planners  # type: ignore[attr-defined]
        self.fields["zone"].queryset = zones  # type: ignore[attr-defined]


class GenerateForm(KrdsForm):
    programme = forms.ChoiceField(
        label="사업", choices=[(p.value, p.label) for p in GENERATED], initial=Programme.TURNING_65
    )
    month = MonthField(label="대상 월", initial=this_month)


class ContactForm(KrdsForm):
    result = forms.ChoiceField(label="연락 결과", choices=list(targets.RESULT_LABELS.items()), widget=forms.RadioSelect)
    contacted_on = forms.DateField(label="연락일", initial=timezone.localdate, widget=DATE)
    method = forms.ChoiceField(label="연락·동의 방법", choices=Consent.Method.choices, initial=Consent.Method.PHONE)
    leader = forms.ModelChoiceField(
        label="연락한 통·반장(대신 기록할 때)", queryset=NeighbourhoodLeader.objects.none(), required=False,
        empty_label="직원이 직접 연락",
    )  # fmt: skip
    note = forms.CharField(label="메모", max_length=limit(Target, "note"), required=False)

    def __init__(self, *args: Any, leaders: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if leaders is None:
            del self.fields["leader"]
        else:
            self.fields["leader"].queryset = leaders  # type: ignore[attr-defined]


class AppointmentForm(KrdsForm):
    at = forms.DateTimeField(
        label="방문 예약 일시",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "예약 일시를 날짜와 시각으로 입력하세요."},
    )


class CareReferralForm(KrdsForm):
    agency = forms.ModelChoiceField(label="의뢰 기관", queryset=Agency.objects.none(), empty_label="기관을 고르세요")
    referred_on = forms.DateField(label="의뢰일", initial=timezone.localdate, widget=DATE)
    reason = forms.CharField(
        label="의뢰 내용", max_length=limit(Target, "reason"), widget=forms.Textarea(attrs={"rows": 3})
    )
    consent_method = forms.ChoiceField(
        label="가정방문 동의",
        choices=[("", "아직 동의 없음(동의 받은 뒤 방문)"), *Consent.Method.choices],
        required=False,
    )
    meeting_at = forms.DateTimeField(
        label="사전 사례회의 일시(선택)", required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )  # fmt: skip
    place = forms.CharField(label="회의 장소", max_length=limit(Meeting, "place"), required=False)

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(kind__in=targets.REFERRING_AGENCIES).order_by("kind", "name")
        if district_id:
            agencies = agencies.filter(district_id=district_id)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
