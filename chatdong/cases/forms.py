"""Forms of the case pages: the list's filters and period, intake, and one form per action on a case.

Each action form knows its case (for the choices it offers) and applies itself through a service, which
checks the rules and the state machine; the forms only decide what to offer on the page.
"""

import datetime as dt
from decimal import Decimal
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from chatdong.access.principal import Principal
from chatdong.access.rules import Rule
from chatdong.core.forms import KrdsForm, form_errors
from chatdong.core.needs import NeedDomain
from chatdong.core.text import limit
from chatdong.core.types import Actor
from chatdong.org.models import Agency, Dong, StaffMember
from chatdong.registry.models import Household
from chatdong.resources.models import ServiceProgramme

from . import rules, services
from .models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseAgency,
    CaseEvent,
    CaseNote,
    CaseType,
    FollowUp,
    Goal,
    MonitoringContact,
    PlannedService,
    Priority,
    ServiceDelivery,
    ServicePlan,
    Source,
)
from .selectors import CaseDetail, CaseFilters
from .states import CLOSURE_FAMILIES, ENDED_STAGES, Action, ClosureReason, Selection, Stage, can

DATE = forms.DateInput(attrs={"type": "date"})
TEXTAREA = forms.Textarea(attrs={"rows": 3})
_ENDED = frozenset(ENDED_STAGES)


# ----------------------------------------------------------------------------------- list and summary


class CaseFilterForm(KrdsForm):
    q = forms.CharField(label="대상자 이름", max_length=30, required=False)
    stage = forms.ChoiceField(label="단계", choices=[("", "전체"), *Stage.choices], required=False)
    case_type = forms.ChoiceField(label="사례 유형", choices=[("", "전체"), *CaseType.choices], required=False)
    priority = forms.TypedChoiceField(
        label="우선순위", choices=[("", "전체"), *Priority.choices], coerce=int, empty_value=None, required=False
    )
    dong = forms.TypedChoiceField(label="행정동", coerce=int, empty_value=None, required=False)
    worker = forms.TypedChoiceField(label="주 사례관리자", coerce=int, empty_value=None, required=False)
    overdue = forms.BooleanField(label="점검 기한 지난 사례만", required=False)

    def __init__(self, principal: Principal, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.principal = principal
        staff = StaffMember.objects.all()
        if principal.is_dong_staff and not principal.is_district_case_staff:
            # A dong's staff see their dong's cases only: the choice would be one item.
            del self.fields["dong"]
            staff = staff.filter(dong_id=principal.dong_id or 0)
        else:
            dongs = Dong.objects.all()
            if principal.district_id:
                dongs = dongs.filter(district_id=principal.district_id)
                staff = staff.filter(district_id=principal.district_id)
            dongs = dongs.only("name").order_by("name")
            self.fields["dong"].choices = [("", "전체"), *((d.pk, d.name) for d in dongs)]  # type: ignore[attr-defined]
        # Only what the labels show: the district's 300 staff with their dongs' and district's GeoJSON took 90 ms.
        staff = staff.select_related("dong", "district").only("name", "dong__name", "district__name")
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            ("", "전체"),
            *((s.pk, str(s)) for s in staff.order_by("dong__name", "name")),
        ]

    def filters(self) -> CaseFilters:
        """The valid filters; a value that is not valid is simply not applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CaseFilters(
            stage=data.get("stage") or "",
            case_type=data.get("case_type") or "",
            dong_id=data.get("dong"),
            worker_id=data.get("worker"),
            priority=data.get("priority"),
            overdue=bool(data.get("overdue")),
            text=data.get("q") or "",
        )


def this_year(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or dt.date.today()
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


class SummaryPeriodForm(KrdsForm):
    date_from = forms.DateField(label="기간 시작", widget=DATE, required=False)
    date_to = forms.DateField(label="기간 끝", widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError("기간의 끝이 시작보다 앞섭니다.")
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen period, this year by default (and when the entry is not valid)."""
        default_from, default_to = this_year()
        if not self.is_valid():
            return default_from, default_to
        return self.cleaned_data.get("date_from") or default_from, self.cleaned_data.get("date_to") or default_to


# --------------------------------------------------------------------------------------------- intake


class IntakeForm(KrdsForm):
    person = forms.TypedChoiceField(label="대상자", coerce=int)
    source = forms.ChoiceField(label="접수 경로", choices=Source.choices)
    case_type = forms.ChoiceField(label="사례 유형", choices=CaseType.choices, initial=CaseType.GENERAL)
    source_note = forms.CharField(
        label="접수 경위", max_length=limit(Case, "source_note"), required=False, widget=TEXTAREA
    )

    def __init__(self, household: Household, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.household = household
        self.members = {
            p.pk: p for p in household.members.filter(moved_out_on__isnull=True, died_on__isnull=True).order_by("id")
        }
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (p.pk, f"{p.name} ({p.get_relation_display()}, {p.age}세)") for p in self.members.values()
        ]

    def apply(self, user: Actor, principal: Principal) -> Case:
        data = self.cleaned_data
        return services.open_case(
            user,
            principal,
            person=self.members[data["person"]],
            source=data["source"],
            source_note=data["source_note"].strip(),
            case_type=data["case_type"],
        )


# ----------------------------------------------------------------------------------- actions on a case


class CaseOptions:
    """The choices the action forms of one case offer, each fetched at most once per request."""

    def __init__(self, case: Case):
        self.case = case

    @cached_property
    def agencies(self) -> dict[int, Agency]:
        qs = Agency.objects.filter(district_id=self.case.dong.district_id).order_by("name")
        return {a.pk: a for a in qs}

    @cached_property
    def programmes(self) -> dict[int, ServiceProgramme]:
        return {p.pk: p for p in ServiceProgramme.objects.filter(active=True).order_by("domain", "name")}

    @cached_property
    def staff(self) -> dict[int, StaffMember]:
        """Who may join the case team: the dong's staff (and 희망복지지원단 for a case escalated to the district)."""
        qs = services.team_candidates(self.case).select_related("dong", "district")
        return {s.pk: s for s in qs.order_by("-dong_id", "name")}

    def agency_choices(self, empty: str) -> list[tuple[Any, str]]:
        return [("", empty), *((pk, a.name) for pk, a in self.agencies.items())]

    def programme_choices(self) -> list[tuple[Any, str]]:
        return [
            ("", "선택 안 함"),
            *((pk, f"[{p.get_domain_display()}] {p.name}") for pk, p in self.programmes.items()),
        ]


class CaseActionForm(KrdsForm):
    """One action on a case, offered on its page and posted to `case_action`."""

    title = ""
    success = ""
    template = "cases/_action_form.html"
    submit = "저장"
    # A rule checked before the form is read (others are checked by the services, with the stage).
    rule: Rule | None = None

    def __init__(self, case: Case, principal: Principal, options: CaseOptions, *args: Any, **kwargs: Any):
        self.case = case
        self.principal = principal
        self.options = options
        super().__init__(*args, **kwargs)

    def messages(self) -> list[str]:
        return form_errors(self)

    def apply(self, user: Actor) -> None:
        raise NotImplementedError


def _domain_choices(empty: str | None = None) -> list[tuple[str, str]]:
    return ([("", empty)] if empty is not None else []) + list(NeedDomain.choices)


class AssessForm(CaseActionForm):
    title = "욕구조사"
    success = "욕구조사를 기록했습니다."
    assessed_on = forms.DateField(label="조사일", widget=DATE, initial=dt.date.today)
    urgency = forms.TypedChoiceField(
        label="시급성", coerce=int, choices=[(3, "3 높음"), (2, "2 보통"), (1, "1 낮음")], initial=2
    )
    importance = forms.TypedChoiceField(
        label="중요도", coerce=int, choices=[(3, "3 높음"), (2, "2 보통"), (1, "1 낮음")], initial=2
    )
    case_type = forms.ChoiceField(label="사례 유형", choices=CaseType.choices)
    summary = forms.CharField(label="조사 결과", max_length=limit(Assessment, "summary"), widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].initial = self.case.case_type
        for domain, label in NeedDomain.choices:
            self.fields[f"need_{domain}"] = forms.CharField(
                label=f"{label} 욕구",
                max_length=limit(AssessmentNeed, "note"),
                required=False,
                help_text="해당 없으면 비워 두세요.",
            )
        if self.case.stage != Stage.INTAKE:
            self.title = "재사정(욕구 재조사)"

    def apply(self, user: Actor) -> None:
        data = self.cleaned_data
        needs = [(d, data[f"need_{d}"].strip()) for d in NeedDomain.values if data.get(f"need_{d}", "").strip()]
        services.record_assessment(
            user, self.principal, self.case, assessed_on=data["assessed_on"], urgency=data["urgency"],
            importance=data["importance"], summary=data["summary"], needs=needs, case_type=data["case_type"],
        )  # fmt: skip


class SelectForm(CaseActionForm):
    title = "대상자 구분·선정"
    success = "대상자 구분을 결정했습니다."
    selection = forms.ChoiceField(label="구분", choices=Selection.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label="결정일", widget=DATE, initial=dt.date.today)
    note = forms.CharField(label="결정 내용(사례회의 등)", max_length=limit(CaseEvent, "note"), required=False)

    def apply(self, user: Actor) -> None:
        data = self.cleaned_data
        services.decide_selection(
            user, self.principal, self.case, selection=data["selection"], decided_on=data["decided_on"],
            note=data["note"].strip(),
        )  # fmt: skip


class _AgencyFormMixin(CaseActionForm):
    legal_exception_help = "동의가 없을 때만: 긴급지원, 학대 신고 등 법적 근거(복지수퍼바이저)"

    def _legal_exception_field(self) -> None:
        # Only the supervisor may share without consent; others are not offered the field at all.
        if rules.is_case_supervisor(self.principal, self.case):
            self.fields["legal_exception"] = forms.CharField(
                label="동의 예외 근거",
                max_length=limit(CaseAgency, "legal_exception"),
                required=False,
                help_text=self.legal_exception_help,
            )

    def chosen_agency(self) -> Agency | None:
        pk = self.cleaned_data.get("agency")
        return self.options.agencies[pk] if pk else None


class LeadAgencyForm(_AgencyFormMixin):
    title = "주 사례관리기관 지정"
    success = "주 사례관리기관을 지정했습니다."
    agency = forms.TypedChoiceField(label="주 사례관리기관", coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = self.options.agency_choices("동주민센터(직접 관리)")  # type: ignore[attr-defined]
        self.fields["agency"].initial = self.case.lead_agency_id
        self._legal_exception_field()

    def apply(self, user: Actor) -> None:
        services.set_lead_agency(
            user, self.principal, self.case, self.chosen_agency(),
            legal_exception=self.cleaned_data.get("legal_exception", ""),
        )  # fmt: skip


class AddAgencyForm(_AgencyFormMixin):
    title = "참여 기관 추가"
    success = "참여 기관을 추가했습니다."
    agency = forms.TypedChoiceField(label="기관", coerce=int)
    role = forms.CharField(label="역할", max_length=limit(CaseAgency, "role"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = self.options.agency_choices("선택")  # type: ignore[attr-defined]
        self._legal_exception_field()

    def apply(self, user: Actor) -> None:
        data = self.cleaned_data
        services.add_agency(
            user, self.principal, self.case, self.options.agencies[data["agency"]], role=data["role"].strip(),
            legal_exception=data.get("legal_exception", ""),
        )  # fmt: skip


class GoalRowForm(KrdsForm):
    term = forms.ChoiceField(label="구분", choices=Goal.Term.choices)
    description = forms.CharField(label="목표", max_length=limit(Goal, "description"), required=False)
    target_on = forms.DateField(label="목표일", widget=DATE, required=False)

    def goal(self) -> services.GoalInput | None:
        data = getattr(self, "cleaned_data", {})
        if not (data.get("description") or "").strip():
            return None  # a blank row
        return services.GoalInput(term=data["term"], description=data["description"], target_on=data.get("target_on"))


class ServiceRowForm(KrdsForm):
    domain = forms.ChoiceField(label="영역", choices=_domain_choices("프로그램의 영역"), required=False)
    programme = forms.TypedChoiceField(label="사업·서비스(목록)", coerce=int, empty_value=None, required=False)
    description = forms.CharField(label="서비스 내용", max_length=limit(PlannedService, "description"), required=False)
    agency = forms.TypedChoiceField(label="제공 기관", coerce=int, empty_value=None, required=False)
    amount = forms.DecimalField(label="금액·가치(원)", min_value=Decimal(0), max_digits=12, decimal_places=0,
                                required=False)  # fmt: skip
    starts_on = forms.DateField(label="시작일", widget=DATE, required=False)
    ends_on = forms.DateField(label="종료일", widget=DATE, required=False)

    def __init__(self, *args: Any, options: CaseOptions, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.options = options
        self.fields["programme"].choices = options.programme_choices()  # type: ignore[attr-defined]
        self.fields["agency"].choices = options.agency_choices("선택 안 함")  # type: ignore[attr-defined]

    def service(self) -> services.ServiceInput | None:
        """The row as a service; a programme from the catalogue fills the domain and text left empty."""
        data = getattr(self, "cleaned_data", {})
        programme = self.options.programmes.get(data.get("programme") or 0)
        description = (data.get("description") or "").strip() or (programme.name if programme else "")
        if not description:
            return None  # a blank row
        return services.ServiceInput(
            domain=data.get("domain") or (programme.domain if programme else ""),
            description=description,
            programme=programme,
            agency=self.options.agencies.get(data.get("agency") or 0)
            or (programme.agency if programme and programme.agency_id in self.options.agencies else None),
            amount=data.get("amount"),
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
        )


MAX_ROWS = 12
GoalFormSet = formset_factory(GoalRowForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True)
ServiceFormSet = formset_factory(ServiceRowForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True)


class PlanForm(CaseActionForm):
    title = "서비스계획 작성"
    success = "서비스계획을 작성했습니다. 복지수퍼바이저의 승인을 받으세요."
    template = "cases/_plan_form.html"
    written_on = forms.DateField(label="작성일", widget=DATE, initial=dt.date.today)
    summary = forms.CharField(
        label="개입 방향", max_length=limit(ServicePlan, "summary"), widget=TEXTAREA, required=False
    )

    def __init__(self, case: Case, principal: Principal, options: CaseOptions, *args: Any, **kwargs: Any):
        super().__init__(case, principal, options, *args, **kwargs)
        data = args[0] if args else kwargs.get("data")
        self.goals = GoalFormSet(
            data,
            prefix="goals",
            initial=[{"term": Goal.Term.LONG}, {"term": Goal.Term.SHORT}, {"term": Goal.Term.SHORT}],
        )
        self.services = ServiceFormSet(data, prefix="services", initial=[{}, {}], form_kwargs={"options": options})

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.goals.is_valid() and self.services.is_valid() and valid

    def messages(self) -> list[str]:
        found = form_errors(self)
        for kind, formset in (("목표", self.goals), ("서비스", self.services)):
            found += [f"{kind}: {e}" for e in formset.non_form_errors()]
            for number, row in enumerate(formset.forms, start=1):
                found += [f"{kind} {number}번째 {m}" for m in form_errors(row)]
        return found

    def apply(self, user: Actor) -> None:
        goals = [g for g in (row.goal() for row in self.goals.forms) if g]
        planned = [s for s in (row.service() for row in self.services.forms) if s]
        services.write_plan(
            user, self.principal, self.case, written_on=self.cleaned_data["written_on"],
            summary=self.cleaned_data["summary"], goals=goals, services=planned,
        )  # fmt: skip


class ApprovePlanForm(CaseActionForm):
    title = "서비스계획 승인"
    success = "서비스계획을 승인했습니다. 서비스 제공·점검 단계입니다."
    submit = "승인"
    plan = forms.TypedChoiceField(label="승인할 계획", coerce=int)

    def __init__(self, *args: Any, pending: list[ServicePlan] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if pending is None:
            pending = list(self.case.plans.filter(approved_on__isnull=True))
        self.pending = {p.pk: p for p in pending}
        self.fields["plan"].choices = [  # type: ignore[attr-defined]
            (p.pk, f"{p.written_on:%Y-%m-%d} 작성 계획 #{p.pk}") for p in pending
        ]

    def apply(self, user: Actor) -> None:
        services.approve_plan(user, self.principal, self.case, self.pending[self.cleaned_data["plan"]])


class DeliveryForm(CaseActionForm):
    title = "서비스 제공 기록"
    success = "서비스 제공을 기록했습니다."
    delivered_on = forms.DateField(label="제공일", widget=DATE, initial=dt.date.today)
    planned_service = forms.TypedChoiceField(label="계획된 서비스", coerce=int, empty_value=None, required=False)
    domain = forms.ChoiceField(label="영역", choices=_domain_choices("계획된 서비스의 영역"), required=False)
    description = forms.CharField(label="제공 내용", max_length=limit(ServiceDelivery, "description"), required=False)
    agency = forms.TypedChoiceField(label="제공 기관", coerce=int, empty_value=None, required=False)
    amount = forms.DecimalField(label="금액·가치(원)", min_value=Decimal(0), max_digits=12, decimal_places=0,
                                required=False)  # fmt: skip

    def __init__(self, *args: Any, planned: list[PlannedService] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if planned is None:
            planned = list(
                PlannedService.objects.filter(plan__case=self.case, plan__approved_on__isnull=False).order_by("id")
            )
        self.planned = {s.pk: s for s in planned}
        self.fields["planned_service"].choices = [  # type: ignore[attr-defined]
            ("", "계획 외 제공"),
            *((s.pk, f"[{s.get_domain_display()}] {s.description}") for s in planned),
        ]
        self.fields["agency"].choices = self.options.agency_choices("선택 안 함")  # type: ignore[attr-defined]

    def apply(self, user: Actor) -> None:
        data = self.cleaned_data
        planned = self.planned.get(data.get("planned_service") or 0)
        agency = self.options.agencies.get(data.get("agency") or 0)
        service = services.ServiceInput(
            domain=data["domain"] or (planned.domain if planned else ""),
            description=data["description"].strip() or (planned.description if planned else ""),
            agency=agency or (planned.agency if planned else None),
            amount=data["amount"] if data["amount"] is not None else (planned.amount if planned else None),
        )
        services.record_delivery(
            user, self.principal, self.case, delivered_on=data["delivered_on"], service=service,
            planned_service=planned,
        )  # fmt: skip


class MonitoringForm(CaseActionForm):
    title = "점검 기록"
    success = "점검을 기록했습니다."
    contacted_on = forms.DateField(label="점검일", widget=DATE, initial=dt.date.today)
    method = forms.ChoiceField(label="방법", choices=MonitoringContact.Method.choices)
    reached = forms.ChoiceField(
        label="결과",
        choices=[("yes", "연락됨(점검함)"), ("no", "연락 시도 실패")],
        widget=forms.RadioSelect,
        initial="yes",
    )
    with_whom = forms.CharField(label="만난 사람", max_length=limit(MonitoringContact, "with_whom"), required=False)
    changes = forms.CharField(
        label="변화·점검 내용", max_length=limit(MonitoringContact, "changes"), widget=TEXTAREA, required=False
    )

    def apply(self, user: Actor) -> None:
        data = self.cleaned_data
        services.record_monitoring(
            user, self.principal, self.case, contacted_on=data["contacted_on"], method=data["method"],
            reached=data["reached"] == "yes", with_whom=data["with_whom"], changes=data["changes"],
        )  # fmt: skip


class IntervalForm(CaseActionForm):
    title = "점검 주기 변경"
    success = "점검 주기를 바꿨습니다."
    days = forms.IntegerField(label="점검 주기(일)", min_value=7, max_value=180)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = self.case.monitoring_interval_days

    def apply(self, user: Actor) -> None:
        services.set_monitoring_interval(user, self.principal, self.case, self.cleaned_data["days"])


class NoteForm(CaseActionForm):
    title = "사례 기록 작성"
    success = "사례 기록을 저장했습니다."
    text = forms.CharField(
        label="내용",
        max_length=limit(CaseNote, "text"),
        widget=TEXTAREA,
        help_text="사례 담당자와 복지수퍼바이저만 봅니다.",
    )

    def apply(self, user: Actor) -> None:
        services.add_note(user, self.principal, self.case, self.cleaned_data["text"])


class TeamForm(CaseActionForm):
    title = "담당자 추가"
    success = "사례 담당자를 추가했습니다."
    rule = rules.TEAM
    # Names nobody: an id of another dong's staff must not confirm who they are.
    staff = forms.TypedChoiceField(
        label="직원", coerce=int,
        error_messages={"invalid_choice": "목록에 있는 직원을 고르세요(이 사례의 동 직원, 자기 자신 제외)."},
    )  # fmt: skip

    def __init__(self, *args: Any, team_ids: set[int] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if team_ids is None:
            team_ids = set(self.case.team.values_list("staff_id", flat=True))
        excluded = team_ids | {self.case.worker_id}
        me = self.principal.staff
        if me is not None and not rules.can_see_case_notes(self.principal, self.case):
            excluded.add(me.pk)  # oneself only for who already reads the notes (the supervisor)
        self.fields["staff"].choices = [  # type: ignore[attr-defined]
            ("", "선택"),
            *((pk, str(s)) for pk, s in self.options.staff.items() if pk not in excluded),
        ]

    def apply(self, user: Actor) -> None:
        services.add_team_member(user, self.principal, self.case, self.options.staff[self.cleaned_data["staff"]])


def closure_reason_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The reasons grouped by the three families of seed 001 (긍정적 종결, 여건종결, 자체종결)."""
    return [
        (label, [(r.value, r.label) for r in ClosureReason if r in reasons])
        for label, reasons in CLOSURE_FAMILIES.values()
    ]


class RequestClosureForm(CaseActionForm):
    title = "종결 요청"
    success = "종결을 요청했습니다. 복지수퍼바이저의 승인을 기다립니다."
    submit = "종결 요청"
    reason = forms.ChoiceField(
        label="종결 사유",
        choices=[("", "선택"), *closure_reason_choices()],
        help_text="연락두절은 마지막 연락 이후 3개월 이상에 걸친 3회 이상의 연락 시도 기록이 있어야 합니다.",
    )
    note = forms.CharField(label="종결 의견", max_length=limit(Case, "closure_note"), widget=TEXTAREA)

    def apply(self, user: Actor) -> None:
        services.request_closure(
            user, self.principal, self.case, reason=self.cleaned_data["reason"], note=self.cleaned_data["note"]
        )


class ApproveClosureForm(CaseActionForm):
    title = "종결 승인"
    success = "종결을 승인했습니다. 사후관리 일정이 잡혔습니다."
    submit = "종결 승인"

    def apply(self, user: Actor) -> None:
        services.approve_closure(user, self.principal, self.case)


class RejectClosureForm(CaseActionForm):
    title = "종결 반려"
    success = "종결 요청을 반려했습니다."
    submit = "반려"
    note = forms.CharField(label="반려 사유", max_length=limit(CaseEvent, "note"))

    def apply(self, user: Actor) -> None:
        services.reject_closure(user, self.principal, self.case, note=self.cleaned_data["note"])


class FollowUpForm(CaseActionForm):
    title = "사후관리 기록"
    success = "사후관리를 기록했습니다."
    follow_up = forms.TypedChoiceField(label="차수", coerce=int)
    done_on = forms.DateField(label="실시일", widget=DATE, initial=dt.date.today)
    outcome = forms.CharField(label="결과", max_length=limit(FollowUp, "outcome"), widget=TEXTAREA)
    reopen = forms.BooleanField(label="위기가 재발하여 사례를 재개합니다(욕구조사부터)", required=False)

    def __init__(self, *args: Any, pending: list[FollowUp] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if pending is None:
            pending = list(self.case.follow_ups.filter(done_on__isnull=True))
        self.pending = {f.pk: f for f in pending}
        self.fields["follow_up"].choices = [  # type: ignore[attr-defined]
            (f.pk, f"{f.sequence}차 (예정일 {f.due_on:%Y-%m-%d})") for f in pending
        ]

    def apply(self, user: Actor) -> None:
        data = self.cleaned_data
        follow_up = self.pending[data["follow_up"]]
        follow_up.case = self.case
        services.record_follow_up(
            user, self.principal, follow_up, done_on=data["done_on"], outcome=data["outcome"], reopen=data["reopen"]
        )


# action name in the URL → form
ACTION_FORMS: dict[str, type[CaseActionForm]] = {
    "assess": AssessForm,
    "select": SelectForm,
    "set-lead": LeadAgencyForm,
    "add-agency": AddAgencyForm,
    "plan": PlanForm,
    "approve-plan": ApprovePlanForm,
    "delivery": DeliveryForm,
    "monitoring": MonitoringForm,
    "interval": IntervalForm,
    "note": NoteForm,
    "team": TeamForm,
    "request-closure": RequestClosureForm,
    "approve-closure": ApproveClosureForm,
    "reject-closure": RejectClosureForm,
    "follow-up": FollowUpForm,
}


def offered(principal: Principal, detail: CaseDetail, options: CaseOptions) -> list[tuple[str, CaseActionForm]]:
    """The actions the viewer may take on the case at its current stage, as unbound forms.

    Only what to show: the services check the same rules again when a form is posted.
    """
    case = detail.case
    stage = case.stage
    work = rules.can_work_on_case(principal, case)
    supervisor = rules.is_case_supervisor(principal, case)
    active = stage not in _ENDED
    shown: list[tuple[str, dict[str, Any]]] = []
    if work and can(Action.ASSESS, stage):
        shown.append(("assess", {}))
    if supervisor and can(Action.SELECT, stage) and detail.assessments:
        shown.append(("select", {}))
    if work and stage in (Stage.PLANNING, Stage.IN_SERVICE):
        shown.append(("plan", {}))
    if supervisor and can(Action.APPROVE_PLAN, stage) and detail.pending_plans:
        shown.append(("approve-plan", {"pending": detail.pending_plans}))
    if work and stage == Stage.IN_SERVICE:
        planned = [s for p in detail.plans if p.approved_on for s in p.services.all()]
        shown.append(("delivery", {"planned": planned}))
    if work and active:
        shown += [("monitoring", {}), ("interval", {})]
    if work and detail.notes_allowed:
        shown.append(("note", {}))
    if work and active:
        shown += [("set-lead", {}), ("add-agency", {})]
    if active and rules.TEAM.allows(principal, case):
        shown.append(("team", {"team_ids": {m.staff_id for m in detail.team}}))
    if work and can(Action.REQUEST_CLOSURE, stage):
        shown.append(("request-closure", {}))
    if supervisor and can(Action.APPROVE_CLOSURE, stage):
        shown += [("approve-closure", {}), ("reject-closure", {})]
    if work and detail.pending_follow_ups:
        shown.append(("follow-up", {"pending": detail.pending_follow_ups}))
    # Every form is on one page: ids carry the action's name, or labels of one form would name
    # the fields of another (assess and plan both have `summary`, the agency forms both `agency`).
    return [
        (name, ACTION_FORMS[name](case, principal, options, auto_id=f"{name}-%s", **extra)) for name, extra in shown
    ]
