"""Forms of the visit and monitoring pages: the 방문상담기록지, a monitoring contact, tier, end, cadence, and
the list filters. They only read input; `visits` and `monitoring` decide."""

import datetime as dt
from typing import Any

from django import forms

from chatdong.core.forms import KrdsForm, MonthField, NeedRowsMixin
from chatdong.core.text import limit
from chatdong.org.models import Agency, NeighbourhoodLeader, StaffMember
from chatdong.org.roles import Role
from chatdong.outreach.cohorts.programmes import Programme
from chatdong.registry.models import Household

from .models import MonitoringContact, Screening, Visit, VisitCompanion, VisitLink, WatchedHousehold
from .screenings import INSTRUMENTS
from .selectors import DUE_FILTERS
from .services import ABUSE_SIGNS, Companion, VisitInput, checklist
from .states import Tier

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BLANK = [("", "선택 안 함")]
NUMBER = forms.NumberInput(attrs={"class": "krds-input", "inputmode": "numeric"})


def _choices(enum: Any) -> list[tuple[str, str]]:
    return BLANK + list(enum.choices)


class VisitForm(NeedRowsMixin, KrdsForm):
    visited_on = forms.DateField(label="방문일", initial=dt.date.today, widget=DATE)
    nurse = forms.ModelChoiceField(
        label="동행 방문간호사", queryset=StaffMember.objects.none(), required=False, empty_label="동행 없음"
    )
    leader = forms.ModelChoiceField(
        label="동행 통·반장", queryset=NeighbourhoodLeader.objects.none(), required=False, empty_label="동행 없음"
    )
    agency = forms.ModelChoiceField(
        label="동행 기관", queryset=Agency.objects.none(), required=False, empty_label="동행 없음"
    )
    agency_name = forms.CharField(label="동행 기관 직원 이름", max_length=limit(VisitCompanion, "name"), required=False)
    agency_role = forms.CharField(label="동행 기관 직원 역할", max_length=limit(VisitCompanion, "role"), required=False,
                                  help_text="예: 학대전담경찰관(APO), 상담원")  # fmt: skip
    members_present = forms.MultipleChoiceField(
        label="면담한 가구원", choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )
    family_form = forms.ChoiceField(label="가족 형태", choices=_choices(Visit.FamilyForm), required=False)
    housing = forms.ChoiceField(label="주거 형태", choices=_choices(Visit.Housing), required=False)
    tenure = forms.ChoiceField(label="점유 형태", choices=_choices(Visit.Tenure), required=False)
    housing_note = forms.CharField(label="주거 상황", max_length=limit(Visit, "housing_note"), required=False,
                                   help_text="예: 난방 안 됨, 곰팡이, 계단 위험")  # fmt: skip
    monthly_income = forms.IntegerField(label="월 소득(만원)", min_value=0, max_value=100_000, required=False)
    economic_note = forms.CharField(label="경제 상황", max_length=limit(Visit, "economic_note"), required=False,
                                    help_text="예: 체납, 부채, 실직")  # fmt: skip
    services_explained = forms.MultipleChoiceField(
        label="안내한 서비스", choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label="상담 내용", max_length=limit(Visit, "summary"), widget=forms.Textarea(attrs={"rows": 5})
    )
    outcome = forms.ChoiceField(label="판정", choices=Visit.Outcome.choices, widget=forms.RadioSelect)
    classification = forms.ChoiceField(
        label="관리대상 분류", choices=Visit.Classification.choices, required=False, widget=forms.RadioSelect
    )
    tier = forms.ChoiceField(label="모니터링 관리 등급", choices=Tier.choices, required=False, widget=forms.RadioSelect)
    open_case = forms.BooleanField(label="사례관리로 접수합니다", required=False)
    link_agencies = forms.ModelMultipleChoiceField(
        label="연계한 기관", queryset=Agency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    link_note = forms.CharField(label="연계 내용", max_length=limit(VisitLink, "note"), required=False)
    abuse_sign = forms.ChoiceField(
        label="학대·폭력 징후", choices=BLANK + [(f.value, f.label) for f in ABUSE_SIGNS], required=False
    )
    reported_to_police_on = forms.DateField(label="112 신고일", required=False, widget=DATE)

    def __init__(self, household: Household, programme: str | None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        dong = household.dong
        fields: dict[str, Any] = self.fields
        fields["nurse"].queryset = (
            StaffMember.objects.filter(dong=dong, roles__role=Role.VISITING_NURSE).distinct().order_by("name")
        )
        fields["leader"].queryset = NeighbourhoodLeader.objects.filter(dong=dong).select_related("tong")
        agencies = Agency.objects.filter(district_id=dong.district_id).order_by("kind", "name")
        fields["agency"].queryset = agencies
        fields["link_agencies"].queryset = agencies
        members = household.members.filter(moved_out_on__isnull=True, died_on__isnull=True).order_by("pk")
        fields["members_present"].choices = [(str(p.pk), f"{p.name} ({p.get_relation_display()})") for p in members]
        fields["services_explained"].choices = checklist(programme)
        for kind, instrument in INSTRUMENTS.items():
            self.fields[f"score_{kind}"] = forms.IntegerField(
                label=f"{Screening.Kind(kind).label} 점수", required=False, min_value=0, max_value=instrument.max_score,
                help_text=instrument.rule, widget=NUMBER,
            )  # fmt: skip
        self.add_need_fields()

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{kind}"] for kind in INSTRUMENTS]

    def to_input(self) -> VisitInput:
        data = self.cleaned_data
        companions = []
        if data.get("nurse"):
            companions.append(Companion(staff=data["nurse"], role=Role.VISITING_NURSE.label))
        if data.get("leader"):
            companions.append(Companion(leader=data["leader"], role=data["leader"].get_kind_display()))
        if data.get("agency"):
            companions.append(Companion(agency=data["agency"], name=data["agency_name"], role=data["agency_role"]))
        return VisitInput(
            visited_on=data["visited_on"], summary=data["summary"], outcome=data["outcome"],
            classification=data.get("classification") or "", companions=companions,
            members_present=[int(pk) for pk in data.get("members_present") or []],
            family_form=data.get("family_form") or "", tenure=data.get("tenure") or "",
            housing=data.get("housing") or "", housing_note=data.get("housing_note") or "",
            monthly_income=data.get("monthly_income"), economic_note=data.get("economic_note") or "",
            services_explained=list(data.get("services_explained") or []), needs=self.needs(),
            screenings={k: data[f"score_{k}"] for k in INSTRUMENTS if data.get(f"score_{k}") is not None},
            link_agencies=list(data.get("link_agencies") or []), link_note=data.get("link_note") or "",
            abuse_sign=data.get("abuse_sign") or "", reported_to_police_on=data.get("reported_to_police_on"),
            tier=data.get("tier") or "", open_case=bool(data.get("open_case")),
        )  # fmt: skip


class ContactForm(KrdsForm):
    contacted_on = forms.DateField(label="접촉일", initial=dt.date.today, widget=DATE)
    method = forms.ChoiceField(
        label="방법",
        choices=[(m.value, m.label) for m in MonitoringContact.Method if m != MonitoringContact.Method.LEADER_CHECK_IN],
        widget=forms.RadioSelect,
        initial=MonitoringContact.Method.PHONE,
    )
    note = forms.CharField(label="내용", max_length=limit(MonitoringContact, "note"), required=False)


class TierForm(KrdsForm):
    tier = forms.ChoiceField(label="관리 등급", choices=Tier.choices)
    planner = forms.ModelChoiceField(label="담당자", queryset=StaffMember.objects.none(), required=False,
                                     empty_label="그대로")  # fmt: skip

    def __init__(self, dong_id: int, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["planner"].queryset = (  # type: ignore[attr-defined]
            StaffMember.objects.filter(dong_id=dong_id, roles__role=Role.WELFARE_PLANNER).distinct().order_by("name")
        )


class EndWatchForm(KrdsForm):
    ended_on = forms.DateField(label="종료일", initial=dt.date.today, widget=DATE)
    reason = forms.CharField(label="종료 사유", max_length=limit(WatchedHousehold, "end_reason"))


class CadenceForm(KrdsForm):
    tier = forms.ChoiceField(label="관리 등급", choices=Tier.choices)
    days = forms.IntegerField(label="점검 주기(일)", min_value=1, max_value=365)


class VisitFilterForm(KrdsForm):
    month = MonthField(label="방문 월", required=False)
    team = forms.ChoiceField(label="방문 형태", choices=_choices(Visit.Team), required=False)
    outcome = forms.ChoiceField(label="판정", choices=_choices(Visit.Outcome), required=False)
    mine = forms.BooleanField(label="내가 방문한 것만", required=False)


class WatchFilterForm(KrdsForm):
    scope = forms.ChoiceField(
        label="범위", choices=[("mine", "내 담당"), ("dong", "동 전체")], required=False, initial="mine"
    )
    due = forms.ChoiceField(label="점검 기한", choices=DUE_FILTERS, required=False)
    tier = forms.ChoiceField(label="관리 등급", choices=_choices(Tier), required=False)
    programme = forms.ChoiceField(label="사업", choices=_choices(Programme), required=False)
