"""Forms of the desk pages: the consultation (needs, information, screening), a referral and its answers,
registering a household on the spot, the desk roster. They only read input; services decide."""

import datetime as dt
from typing import Any

from django import forms

from chatdong.core.forms import CheckedForm, KrdsForm, NeedRowsMixin
from chatdong.core.needs import NeedDomain
from chatdong.core.text import limit
from chatdong.org.models import Agency, Dong, StaffMember, Team
from chatdong.registry.forms import MemberForm
from chatdong.registry.models import Household
from chatdong.resources.models import ServiceProgramme

from . import screening
from .models import Consultation, DeskShift, Referral
from .selectors import BOXES, RISK_FILTERS, STATUS_FILTERS
from .services import ROSTER_MAX_DAYS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WEEKDAYS = [(str(n), label) for n, label in enumerate("월화수목금토일")]


class ConsultationForm(NeedRowsMixin, KrdsForm):
    channel = forms.ChoiceField(
        label="상담 경로", choices=Consultation.Channel.choices, initial=Consultation.Channel.WALK_IN,
        widget=forms.RadioSelect,
    )  # fmt: skip
    visitor = forms.ChoiceField(label="방문자", choices=Consultation.Visitor.choices, initial=Consultation.Visitor.SELF)
    visitor_name = forms.CharField(
        label="방문자 이름(본인이 아닐 때)", max_length=limit(Consultation, "visitor_name"), required=False
    )
    occurred_on = forms.DateField(label="상담일", initial=dt.date.today, widget=DATE)
    summary = forms.CharField(
        label="상담 내용", max_length=limit(Consultation, "summary"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text="방문 목적, 가구 상황(소득·가족관계·건강), 드러나지 않은 어려움까지 적습니다.",
    )  # fmt: skip
    programmes = forms.ModelMultipleChoiceField(
        label="안내한 사업·서비스", queryset=ServiceProgramme.objects.filter(active=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    screened = forms.BooleanField(label="자살위험 선별검사를 했습니다", required=False)
    screening = forms.MultipleChoiceField(
        label="‘예’라고 답한 문항", choices=[(q.code, q.text) for q in screening.QUESTIONS], required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.add_need_fields()

    def programme_groups(self) -> list[tuple[str, list[tuple[ServiceProgramme, bool]]]]:
        """The catalogue grouped by need domain, each programme with whether it is ticked."""
        chosen = {str(v) for v in (self["programmes"].value() or [])}
        groups: dict[str, list[tuple[ServiceProgramme, bool]]] = {}
        for programme in self.fields["programmes"].queryset:  # type: ignore[attr-defined]
            groups.setdefault(programme.get_domain_display(), []).append((programme, str(programme.pk) in chosen))
        return list(groups.items())

    def service_kwargs(self) -> dict[str, Any]:
        """The arguments of `services.record_consultation` (after the person)."""
        data = self.cleaned_data
        answers = data.get("screening") or []
        return {
            "channel": data["channel"],
            "visitor": data["visitor"],
            "visitor_name": data.get("visitor_name", ""),
            "occurred_on": data["occurred_on"],
            "summary": data["summary"],
            "needs": self.needs(),
            "programme_ids": [p.pk for p in data.get("programmes") or []],
            # Ticking an answer means the screening was done, even if the box above was forgotten.
            "screening_answers": answers if (data.get("screened") or answers) else None,
        }


class ResidentSearchForm(CheckedForm):
    q = forms.CharField(label="주민 찾기", max_length=100, required=False)


class SubjectForm(KrdsForm):
    subject = forms.IntegerField(
        label="상담 대상자(몇 번째 가구원)", min_value=1, max_value=15, initial=1,
        help_text="아래 가구원 목록에서의 순서입니다(1 = 첫 번째).",
    )  # fmt: skip


NewMemberFormSet = forms.formset_factory(MemberForm, extra=1, max_num=15, min_num=1, validate_min=True)


class ReferralForm(KrdsForm):
    target = forms.ChoiceField(
        label="구분", choices=Referral.Target.choices, initial=Referral.Target.INTERNAL, widget=forms.RadioSelect
    )
    domain = forms.ChoiceField(label="영역", choices=NeedDomain.choices)
    to_staff = forms.ModelChoiceField(
        label="받을 담당자(내부)", queryset=StaffMember.objects.none(), required=False, empty_label="선택 안 함"
    )
    to_team = forms.ModelChoiceField(
        label="받을 팀(내부)", queryset=Team.objects.none(), required=False, empty_label="선택 안 함"
    )
    to_agency = forms.ModelChoiceField(
        label="받을 기관(외부)", queryset=Agency.objects.none(), required=False, empty_label="선택 안 함"
    )
    reason = forms.CharField(
        label="의뢰 내용", max_length=limit(Referral, "reason"), widget=forms.Textarea(attrs={"rows": 4})
    )
    urgent = forms.BooleanField(label="긴급", required=False)
    due_on = forms.DateField(label="회신 기한(비우면 7일, 긴급은 1일 뒤)", required=False, widget=DATE)
    legal_exception = forms.CharField(
        label="동의 예외 근거(복지수퍼바이저)", max_length=limit(Referral, "legal_exception"), required=False,
        help_text="제3자 제공 동의가 없을 때만: 예) 긴급지원법에 따른 긴급지원, 노인학대 신고의무(노인복지법)",
    )  # fmt: skip

    def __init__(self, household: Household, *args: Any, supervisor: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        dong = household.dong
        self.fields["to_staff"].queryset = (  # type: ignore[attr-defined]
            StaffMember.objects.filter(dong=dong).select_related("dong").order_by("name")
        )
        self.fields["to_team"].queryset = Team.objects.filter(dong=dong).select_related("dong")  # type: ignore[attr-defined]
        self.fields["to_agency"].queryset = Agency.objects.filter(district_id=dong.district_id)  # type: ignore[attr-defined]
        if not supervisor:
            del self.fields["legal_exception"]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "target": data["target"],
            "domain": data["domain"],
            "reason": data["reason"],
            "to_staff": data.get("to_staff"),
            "to_team": data.get("to_team"),
            "to_agency": data.get("to_agency"),
            "urgent": data.get("urgent", False),
            "due_on": data.get("due_on"),
            "legal_exception": data.get("legal_exception", ""),
        }


class CompleteForm(KrdsForm):
    result = forms.CharField(
        label="처리 결과", max_length=limit(Referral, "result"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(KrdsForm):
    reason = forms.CharField(
        label="반려 사유", max_length=limit(Referral, "result"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TellForm(KrdsForm):
    told_on = forms.DateField(label="안내일", initial=dt.date.today, widget=DATE)
    method = forms.ChoiceField(label="안내 방법", choices=Referral.TellMethod.choices)


class ConsultationFilterForm(KrdsForm):
    date_from = forms.DateField(label="상담일(부터)", required=False, widget=DATE)
    date_to = forms.DateField(label="상담일(까지)", required=False, widget=DATE)
    officer = forms.ModelChoiceField(
        label="상담자", queryset=StaffMember.objects.none(), required=False, empty_label="전체"
    )
    channel = forms.ChoiceField(
        label="상담 경로", choices=[("", "전체"), *Consultation.Channel.choices], required=False
    )
    risk = forms.ChoiceField(label="자살위험 선별", choices=[("", "전체"), *RISK_FILTERS], required=False)

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class ReferralFilterForm(KrdsForm):
    box = forms.ChoiceField(label="보기", choices=[("", "전체"), *BOXES], required=False)
    status = forms.ChoiceField(label="상태", choices=[("", "전체"), *STATUS_FILTERS], required=False)
    overdue = forms.BooleanField(label="기한 지남만", required=False)


class RosterForm(KrdsForm):
    staff = forms.ModelChoiceField(label="직원", queryset=StaffMember.objects.none(), empty_label="선택")
    mode = forms.ChoiceField(label="구분", choices=DeskShift.Mode.choices)
    date_from = forms.DateField(label="시작일", widget=DATE)
    date_to = forms.DateField(label="종료일", widget=DATE)
    weekdays = forms.MultipleChoiceField(
        label="요일", choices=WEEKDAYS, initial=["0", "1", "2", "3", "4"], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, dong: Dong, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = StaffMember.objects.filter(dong=dong).order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", "종료일은 시작일 이후여야 합니다.")
        elif first and last and (last - first).days >= ROSTER_MAX_DAYS:
            self.add_error("date_to", f"근무표는 한 번에 {ROSTER_MAX_DAYS}일 이내로 정하세요.")
        return data

    def days(self) -> list[dt.date]:
        data = self.cleaned_data
        first, last = data["date_from"], data["date_to"]
        weekdays = {int(w) for w in data["weekdays"]}
        span = (last - first).days + 1
        return [d for d in (first + dt.timedelta(days=n) for n in range(max(span, 0))) if d.weekday() in weekdays]
