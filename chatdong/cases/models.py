"""A case and everything recorded in it: assessments, plans with goals and services, deliveries,
monitoring contacts, notes, agencies, follow-ups and the timeline of transitions."""

import datetime as dt

from django.db import models

from chatdong.core.models import TimeStamped
from chatdong.core.needs import NeedDomain
from chatdong.org.models import Agency, Dong, StaffMember
from chatdong.registry.models import Household, Person
from chatdong.resources.models import ServiceProgramme

from .states import ENDED_STAGES, ClosureReason, Selection, Stage


class CaseType(models.TextChoices):
    GENERAL = "general", "일반사례"
    SPECIALIST = "specialist", "전문사례"
    CRISIS = "crisis", "위기사례"
    # Seongbuk-gu's variant (seed 002)
    CARE_SUPPORT = "care_support", "돌봄지원(주민모임)"
    LIVING_SUPPORT = "living_support", "생활지원(동)"
    INTENSIVE = "intensive", "심화개입(복지관)"
    EXPERT = "expert", "전문개입(구)"


class Source(models.TextChoices):
    DESK = "desk", "복지상담(내방)"
    PLANNER_VISIT = "planner_visit", "복지플래너 방문"
    OFFICER = "officer", "우리동네주무관"
    LEADER = "leader", "통·반장"
    AGENCY = "agency", "기관 의뢰"
    OTHER = "other", "기타"


class Priority(models.IntegerChoices):
    URGENT = 1, "긴급"
    HIGH = 2, "높음"
    NORMAL = 3, "보통"
    LOW = 4, "낮음"


class Case(TimeStamped):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="cases", verbose_name="가구")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases", verbose_name="대상자")
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="cases", verbose_name="행정동")
    source = models.CharField("접수 경로", max_length=20, choices=Source.choices)
    source_note = models.CharField("접수 경위", max_length=300, blank=True)
    worker = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="cases", verbose_name="주 사례관리자"
    )
    case_type = models.CharField("사례 유형", max_length=20, choices=CaseType.choices, default=CaseType.GENERAL)
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="led_cases",
        verbose_name="주 사례관리기관", help_text="비우면 동주민센터",
    )  # fmt: skip
    stage = models.CharField("단계", max_length=20, choices=Stage.choices, default=Stage.INTAKE, db_index=True)
    priority = models.PositiveSmallIntegerField("우선순위", choices=Priority.choices, default=Priority.NORMAL)
    selection = models.CharField("대상자 구분", max_length=20, choices=Selection.choices, blank=True)
    selected_on = models.DateField("선정일", null=True, blank=True)
    selected_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="선정 결정자"
    )
    opened_on = models.DateField("접수일", default=dt.date.today)
    monitoring_interval_days = models.PositiveSmallIntegerField("점검 주기(일)", default=30)
    next_monitoring_on = models.DateField("다음 점검 예정일", null=True, blank=True, db_index=True)
    stage_before_closure = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    closure_reason = models.CharField("종결 사유", max_length=30, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField("종결 의견", max_length=5_000, blank=True)
    closure_requested_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_approved_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="종결 승인자"
    )
    closed_on = models.DateField("종결일", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "사례"
        indexes = [
            models.Index(fields=["dong", "stage"]),
            models.Index(fields=["worker", "stage", "next_monitoring_on"]),
        ]
        constraints = [
            # One open case per household (services.open_case, reopening at follow-up): of two staff opening one at
            # the same moment the database lets one through, the other is told "이미".
            models.UniqueConstraint(
                fields=["household"], condition=~models.Q(stage__in=ENDED_STAGES), name="cases_one_open_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"사례 #{self.pk} {self.person.name}" if self.pk else "새 사례"


class CaseTeamMember(models.Model):
    """Staff working the case besides the main worker; the case team sees notes and sensitive details."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="case_memberships")
    added_on = models.DateField(default=dt.date.today)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "staff"], name="case_team_once")]


class CaseAgency(models.Model):
    """An agency taking part in the case. Needs the resident's consent to third-party provision,
    or a legal exception recorded by the supervisor."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agencies")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField("역할", max_length=100, blank=True)
    added_on = models.DateField(default=dt.date.today)
    legal_exception = models.CharField("동의 예외 근거", max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="case_agency_once")]


class Assessment(models.Model):
    """욕구조사: needs by domain and the crisis rating that sets the priority."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField("조사일")
    assessed_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    urgency = models.PositiveSmallIntegerField("시급성(1~3)")
    importance = models.PositiveSmallIntegerField("중요도(1~3)")
    summary = models.TextField("조사 결과", max_length=5_000)
    is_reassessment = models.BooleanField("재사정", default=False)

    class Meta:
        ordering = ["-assessed_on", "-id"]


class AssessmentNeed(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    domain = models.CharField("영역", max_length=20, choices=NeedDomain.choices)
    note = models.CharField("욕구 내용", max_length=300)


class ServicePlan(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    written_on = models.DateField("작성일")
    written_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("개입 방향", max_length=5_000, blank=True)
    approved_on = models.DateField("승인일", null=True, blank=True)
    approved_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-written_on", "-id"]


class Goal(models.Model):
    class Term(models.TextChoices):
        LONG = "long", "장기목표"
        SHORT = "short", "단기목표"

    class Status(models.TextChoices):
        ONGOING = "ongoing", "진행 중"
        ACHIEVED = "achieved", "달성"
        NOT_ACHIEVED = "not_achieved", "미달성"
        STOPPED = "stopped", "중단"

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="goals")
    term = models.CharField("구분", max_length=10, choices=Term.choices)
    description = models.CharField("목표", max_length=300)
    target_on = models.DateField("목표일", null=True, blank=True)
    status = models.CharField("상태", max_length=20, choices=Status.choices, default=Status.ONGOING)


class PlannedService(models.Model):
    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="services")
    domain = models.CharField("영역", max_length=20, choices=NeedDomain.choices)
    programme = models.ForeignKey(ServiceProgramme, on_delete=models.PROTECT, null=True, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, verbose_name="제공 기관")
    description = models.CharField("서비스 내용", max_length=300)
    amount = models.DecimalField("금액·가치(원)", max_digits=12, decimal_places=0, null=True, blank=True)
    starts_on = models.DateField("시작일", null=True, blank=True)
    ends_on = models.DateField("종료일", null=True, blank=True)


class ServiceDelivery(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deliveries")
    planned_service = models.ForeignKey(PlannedService, on_delete=models.SET_NULL, null=True, blank=True)
    domain = models.CharField("영역", max_length=20, choices=NeedDomain.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, verbose_name="제공 기관")
    description = models.CharField("제공 내용", max_length=300)
    amount = models.DecimalField("금액·가치(원)", max_digits=12, decimal_places=0, null=True, blank=True)
    delivered_on = models.DateField("제공일")
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-delivered_on", "-id"]


class MonitoringContact(models.Model):
    class Method(models.TextChoices):
        VISIT = "visit", "방문"
        PHONE = "phone", "전화"
        OFFICE = "office", "내방"
        OTHER = "other", "기타"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("점검일")
    method = models.CharField("방법", max_length=10, choices=Method.choices)
    reached = models.BooleanField("연락 성공", default=True)
    with_whom = models.CharField("만난 사람", max_length=100, blank=True)
    changes = models.TextField("변화·점검 내용", max_length=5_000, blank=True)
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-contacted_on", "-id"]


class CaseNote(models.Model):
    """Case notes: visible only to the case team and the supervisor; every view is logged."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField("내용", max_length=10_000)

    class Meta:
        ordering = ["-written_at", "-id"]


class FollowUp(models.Model):
    """사후관리 after closure: at 6 and 12 months (service-link households: at 6 months only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    sequence = models.PositiveSmallIntegerField("차수")
    due_on = models.DateField("예정일", db_index=True)
    done_on = models.DateField("실시일", null=True, blank=True)
    outcome = models.TextField("결과", max_length=5_000, blank=True)
    reopened = models.BooleanField("재개함", default=False)
    done_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["case", "sequence"], name="follow_up_once")]


class CaseEvent(models.Model):
    """The case's timeline: each transition and decision, who made it and where (e.g. a conference)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=30)
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    meeting_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
