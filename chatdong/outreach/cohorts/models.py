"""Cohort target lists: a generation run per dong, programme and month, and each target on it."""

from django.db import models

from chatdong.core.models import TimeStamped
from chatdong.org.models import Agency, Dong, NeighbourhoodLeader, StaffMember, Zone
from chatdong.registry.models import Consent, Household, Person

from .programmes import Programme, Source
from .states import TargetStatus


class CohortRun(models.Model):
    """One generation of a programme's target list for a dong and a month (on demand or monthly task)."""

    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="cohort_runs")
    programme = models.CharField("사업", max_length=20, choices=Programme.choices)
    period_start = models.DateField("대상 기간 시작")
    period_end = models.DateField("대상 기간 끝")
    generated_at = models.DateTimeField("생성 일시", auto_now_add=True)
    generated_by = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="비어 있으면 월간 자동 생성",
    )  # fmt: skip
    added = models.PositiveIntegerField("새 대상", default=0)
    already_listed = models.PositiveIntegerField("이미 있던 대상", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "대상자 명단 생성"
        ordering = ["-generated_at"]


class Target(TimeStamped):
    """A person on a programme's list for a month: contacted, consented or not, booked, visited."""

    programme = models.CharField("사업", max_length=20, choices=Programme.choices, db_index=True)
    period_start = models.DateField("대상 월", help_text="대상이 된 달의 첫날")
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="outreach_targets")
    zone = models.ForeignKey(Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="outreach_targets")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="outreach_targets")
    run = models.ForeignKey(CohortRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="targets")
    source = models.CharField("대상 경로", max_length=30, choices=Source.choices)
    reason = models.CharField("선정 사유", max_length=200, blank=True)
    planner = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="outreach_targets",
        verbose_name="담당 복지플래너",
    )  # fmt: skip
    status = models.CharField(
        "진행 상태", max_length=20, choices=TargetStatus.choices, default=TargetStatus.LISTED, db_index=True
    )
    # Consent and reservation, usually through the tong leader or the officer.
    contacted_on = models.DateField("연락일", null=True, blank=True)
    contacted_by_staff = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contacted_by_leader = models.ForeignKey(
        NeighbourhoodLeader, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent = models.ForeignKey(Consent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    appointment_at = models.DateTimeField("방문 예약 일시", null=True, blank=True, db_index=True)
    appointment_confirmed_on = models.DateField("예약 확인일", null=True, blank=True)
    appointment_confirmed_by = models.ForeignKey(
        NeighbourhoodLeader, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="예약 확인 통·반장",
    )  # fmt: skip
    # 출산·양육: the congratulation letter (출산축하서신).
    letter_printed_on = models.DateField("출산축하서신 출력일", null=True, blank=True)
    # 돌봄위기가정: the referring agency and the optional pre-case meeting with it.
    referred_by = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="의뢰 기관"
    )
    referred_on = models.DateField("의뢰일", null=True, blank=True)
    pre_case_meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="사전 사례회의",
    )  # fmt: skip
    note = models.TextField("메모", max_length=1_000, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "찾아가는 복지 대상자"
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person", "period_start"], name="target_once_per_month"),
            # The 빈곤위기가정 list is of households: one target a household a month (generation, discoveries).
            models.UniqueConstraint(
                fields=["household", "period_start"],
                condition=models.Q(programme="poverty_crisis"),
                name="outreach_poverty_target_once_per_household",
            ),
        ]
        indexes = [
            models.Index(fields=["dong", "programme", "period_start"]),
            models.Index(fields=["planner", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} {self.person.name}"
