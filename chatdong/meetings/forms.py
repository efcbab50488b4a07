"""Forms of the conference pages: a new meeting, attendees, agenda items, decisions, minutes, cancelling.

Forms only shape input; who may act is decided by `meetings.rules`, what is allowed by `meetings.services`.
"""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from chatdong.access.principal import Principal
from chatdong.cases import rules as case_rules
from chatdong.cases.models import Case
from chatdong.cases.states import OPEN_STAGES, Selection
from chatdong.core.forms import KrdsForm
from chatdong.core.text import limit
from chatdong.org.models import Agency, Dong, StaffMember
from chatdong.org.roles import Role

from . import rules, services
from .models import AgendaItem, Attendee, Meeting
from .services import DECISIONS

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(KrdsForm):
    kind = forms.ChoiceField(label="회의 종류", choices=Meeting.Kind.choices)
    schedule = forms.ChoiceField(label="구분", choices=Meeting.Schedule.choices)
    dong = forms.ModelChoiceField(label="행정동", queryset=Dong.objects.none(), required=False, empty_label="구 회의")
    title = forms.CharField(label="회의명", max_length=limit(Meeting, "title"))
    starts_at = forms.DateTimeField(label="일시", widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label="장소", max_length=limit(Meeting, "place"), required=False)
    chair = forms.ModelChoiceField(label="주재", queryset=StaffMember.objects.none(), empty_label="선택")

    def __init__(self, *args: Any, principal: Principal, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if rules.SCHEDULE.allows(principal, None):
            # Who schedules the district's own meetings chooses among its dongs, or none: the district.
            dongs = Dong.objects.all()
            if principal.district_id:
                dongs = dongs.filter(district_id=principal.district_id)
            chairs = Q(roles__role=Role.WELFARE_SUPERVISOR) | Q(dong__isnull=True, roles__role=Role.HOPE_STAFF)
            if principal.district_id:
                chairs &= Q(district_id=principal.district_id)
        else:
            # A dong's supervisor or head: their own dong, chaired by one of its supervisors.
            dongs = Dong.objects.filter(pk=principal.dong_id or 0)
            self.fields["dong"].required = True
            self.fields["dong"].empty_label = None  # type: ignore[attr-defined]
            chairs = Q(dong_id=principal.dong_id, roles__role=Role.WELFARE_SUPERVISOR)
        offered = StaffMember.objects.filter(chairs).select_related("dong").distinct().order_by("dong__code", "name")
        self.fields["dong"].queryset = dongs.order_by("code")  # type: ignore[attr-defined]
        self.fields["chair"].queryset = offered  # type: ignore[attr-defined]
        self.fields["chair"].label_from_instance = lambda s: f"{s.name} ({s.dong or '구'})"  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("starts_at", timezone.localtime().replace(minute=0, second=0, microsecond=0))
            # A dong's supervisor chairs the meeting they schedule unless they choose someone else.
            staff = principal.staff
            if staff is not None and staff.dong_id is not None and offered.filter(pk=staff.pk).exists():
                self.initial.setdefault("chair", staff.pk)


class AttendeeForm(KrdsForm):
    staff = forms.ModelChoiceField(label="직원", queryset=StaffMember.objects.none(), required=False, empty_label="-")
    agency = forms.ModelChoiceField(label="기관", queryset=Agency.objects.none(), required=False, empty_label="-")
    name = forms.CharField(label="기관 참석자 이름", max_length=limit(Attendee, "name"), required=False)
    role = forms.CharField(label="역할", max_length=limit(Attendee, "role"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        staff = services.attendee_candidates(meeting).select_related("dong")
        self.fields["staff"].queryset = staff.order_by("dong__code", "name")  # type: ignore[attr-defined]
        self.fields["agency"].queryset = Agency.objects.filter(district_id=meeting.district_id)  # type: ignore[attr-defined]


def agenda_cases(principal: Principal, meeting: Meeting) -> QuerySet[Case]:
    """Open cases the user may put on this meeting's agenda: theirs to see, and of the meeting's dong."""
    cases = case_rules.cases_visible_to(principal).filter(stage__in=OPEN_STAGES).select_related("person")
    if meeting.dong_id:
        cases = cases.filter(dong_id=meeting.dong_id)
    return cases.order_by("person__name", "pk")


class AgendaForm(KrdsForm):
    case = forms.ModelChoiceField(label="사례", queryset=Case.objects.none(), empty_label="선택")
    purpose = forms.CharField(label="안건", max_length=limit(AgendaItem, "purpose"))
    legal_exception = forms.CharField(
        label="동의 예외 근거(주민의 제3자 제공 동의 없이 기관과 공유할 때, 복지수퍼바이저만)",
        max_length=limit(AgendaItem, "legal_exception"),
        required=False,
    )

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["case"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"#{c.pk} {c.person.name} ({c.get_stage_display()})"
        )


class DecisionForm(KrdsForm):
    """One per undecided agenda item; the agencies are read once for all of them."""

    decision = forms.ChoiceField(label="결정", choices=[(d.value, d.label) for d in DECISIONS])
    selection = forms.ChoiceField(
        label="대상자 구분(선정일 때)", choices=[("", "-"), *Selection.choices], required=False
    )
    lead_agency = forms.ChoiceField(label="주 사례관리기관(기관 결정일 때)", required=False)
    discussion = forms.CharField(
        label="논의 내용",
        max_length=limit(AgendaItem, "discussion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].choices = [("", "동주민센터"), *((str(a.pk), a.name) for a in agencies)]  # type: ignore[attr-defined]

    def value(self) -> str:
        """The decision's value as `services.record_decision` takes it."""
        data = self.cleaned_data
        if data["decision"] == AgendaItem.Decision.SELECTION:
            return data.get("selection") or ""
        if data["decision"] == AgendaItem.Decision.LEAD_AGENCY:
            return data.get("lead_agency") or ""
        return ""


class MinutesForm(KrdsForm):
    minutes = forms.CharField(
        label="회의록", max_length=limit(Meeting, "minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class CancelForm(KrdsForm):
    reason = forms.CharField(label="취소 사유", max_length=200)
