"""Consultations, referrals and their history, and the desk roster."""

import datetime as dt

from django.db import models

from chatdong.cases.models import Case
from chatdong.core.models import TimeStamped
from chatdong.core.needs import NeedDomain
from chatdong.org.models import Agency, Dong, StaffMember, Team
from chatdong.registry.models import Household, Person
from chatdong.resources.models import ServiceProgramme


class SuicideRisk(models.TextChoices):
    NONE = "none", "해당 없음"
    LOW = "low", "낮음"
    MEDIUM = "medium", "중간"
    HIGH = "high", "높음"


class Consultation(TimeStamped):
    class Channel(models.TextChoices):
        WALK_IN = "walk_in", "내방"
        PHONE = "phone", "전화"
        HOME_VISIT = "home_visit", "방문"

    class Visitor(models.TextChoices):
        SELF = "self", "본인"
        FAMILY = "family", "가족"
        NEIGHBOUR = "neighbour", "이웃·지인"
        LEADER = "leader", "통·반장"
        AGENCY = "agency", "기관 관계자"
        OTHER = "other", "기타"

    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="consultations")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="consultations")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consultations", verbose_name="상담 대상자"
    )
    officer = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="consultations", verbose_name="상담자"
    )
    channel = models.CharField("상담 경로", max_length=20, choices=Channel.choices)
    visitor = models.CharField("방문자", max_length=20, choices=Visitor.choices, default=Visitor.SELF)
    visitor_name = models.CharField("방문자 이름", max_length=30, blank=True)
    occurred_on = models.DateField("상담일", default=dt.date.today, db_index=True)
    summary = models.TextField("상담 내용", max_length=5_000)
    information = models.ManyToManyField(
        ServiceProgramme, blank=True, related_name="+", verbose_name="안내한 사업·서비스"
    )
    screening_score = models.PositiveSmallIntegerField("자살위험 선별 점수", null=True, blank=True)
    suicide_risk = models.CharField(
        "자살위험 수준", max_length=10, choices=SuicideRisk.choices, default=SuicideRisk.NONE
    )
    # Codes of the screening questions answered yes (consult/screening.py): sensitive, like the level.
    screening_answers = models.JSONField("자살위험 선별 응답", default=list, blank=True)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultations")

    class Meta:
        verbose_name = verbose_name_plural = "종합상담"
        ordering = ["-occurred_on", "-id"]


class ConsultationNeed(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="needs")
    domain = models.CharField("영역", max_length=20, choices=NeedDomain.choices)
    note = models.CharField("욕구 내용", max_length=300, blank=True)


class Referral(TimeStamped):
    """의뢰 → 접수 → 처리중 → 완료 (or 반려), then the resident is told the result (사후관리)."""

    class Target(models.TextChoices):
        INTERNAL = "internal", "내부 의뢰"
        EXTERNAL = "external", "외부 의뢰"

    class Status(models.TextChoices):
        REQUESTED = "requested", "의뢰"
        RECEIVED = "received", "접수"
        IN_PROGRESS = "in_progress", "처리중"
        COMPLETED = "completed", "완료"
        RETURNED = "returned", "반려"

    class TellMethod(models.TextChoices):
        PHONE = "phone", "전화"
        VISIT = "visit", "방문"
        IN_PERSON = "in_person", "내방"
        TEXT = "text", "문자"
        LETTER = "letter", "우편"

    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="referrals")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="referrals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals")
    made_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="referrals_made", verbose_name="의뢰자"
    )
    target = models.CharField("구분", max_length=10, choices=Target.choices)
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, verbose_name="의뢰 팀")
    to_staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_received",
        verbose_name="의뢰 담당자",
    )  # fmt: skip
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, verbose_name="의뢰 기관")
    domain = models.CharField("영역", max_length=20, choices=NeedDomain.choices)
    reason = models.TextField("의뢰 내용", max_length=2_000)
    urgent = models.BooleanField("긴급", default=False)
    status = models.CharField("상태", max_length=20, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    requested_on = models.DateField("의뢰일", default=dt.date.today)
    due_on = models.DateField("회신 기한", db_index=True)
    result = models.TextField("처리 결과", max_length=2_000, blank=True)
    closed_on = models.DateField("완료·반려일", null=True, blank=True)
    resident_told_on = models.DateField("결과 안내일", null=True, blank=True)
    resident_told_method = models.CharField("안내 방법", max_length=20, choices=TellMethod.choices, blank=True)
    legal_exception = models.CharField("동의 예외 근거", max_length=200, blank=True)
    exception_recorded_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "의뢰"
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["made_by", "status", "due_on"])]


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Referral.Status.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]


class DeskShift(models.Model):
    """Who staffs the consultation desk on a day: the dedicated officer or a colleague on the rotation."""

    class Mode(models.TextChoices):
        DEDICATED = "dedicated", "전담"
        ROTATION = "rotation", "순환"

    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="desk_shifts")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="desk_shifts")
    day = models.DateField("근무일", db_index=True)
    mode = models.CharField("구분", max_length=10, choices=Mode.choices)

    class Meta:
        verbose_name = verbose_name_plural = "상담창구 근무"
        ordering = ["day", "mode"]
        constraints = [models.UniqueConstraint(fields=["dong", "staff", "day"], name="desk_shift_once")]
