"""Meetings, their attendees and agenda items with decisions."""

from django.db import models

from chatdong.cases.models import Case
from chatdong.core.models import TimeStamped
from chatdong.org.models import Agency, District, Dong, StaffMember


class Meeting(TimeStamped):
    class Kind(models.TextChoices):
        INTERNAL_CONFERENCE = "internal_conference", "내부 사례회의"
        INTEGRATED_CONFERENCE = "integrated_conference", "통합사례회의"
        PRE_CASE_MEETING = "pre_case_meeting", "사전 사례회의"
        # 우리동네주무관 활동내용 공유 및 평가회의: last week of the month, chaired by the dong head.
        OFFICER_REVIEW = "officer_review", "우리동네주무관 공유·평가회의"

    class Schedule(models.TextChoices):
        AD_HOC = "ad_hoc", "수시"
        REGULAR = "regular", "정기"

    class Status(models.TextChoices):
        PLANNED = "planned", "예정"
        HELD = "held", "개최"
        CANCELLED = "cancelled", "취소"

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="meetings")
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    kind = models.CharField("회의 종류", max_length=30, choices=Kind.choices)
    schedule = models.CharField("구분", max_length=10, choices=Schedule.choices)
    title = models.CharField("회의명", max_length=120)
    starts_at = models.DateTimeField("일시", db_index=True)
    place = models.CharField("장소", max_length=100, blank=True)
    chair = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="chaired_meetings", verbose_name="주재"
    )
    status = models.CharField("상태", max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField("회의록", max_length=20_000, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "회의"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class Attendee(models.Model):
    """A staff member, or someone from an agency (named, since agency people have no account)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    name = models.CharField("이름", max_length=30, blank=True)
    role = models.CharField("역할", max_length=50, blank=True)
    attended = models.BooleanField("참석", default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "staff"], condition=models.Q(staff__isnull=False), name="meetings_staff_attends_once"
            )
        ]


class AgendaItem(models.Model):
    class Decision(models.TextChoices):
        NONE = "", "논의만"
        SELECTION = "selection", "대상자 선정"
        LEAD_AGENCY = "lead_agency", "주 사례관리기관 결정"
        PLAN_APPROVAL = "plan_approval", "서비스계획 승인"
        CLOSURE_APPROVAL = "closure_approval", "종결 승인"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    # A case conference discusses a case; the officers' monthly meeting a finding (or a free item).
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items")
    finding = models.ForeignKey(
        "outreach.Finding", on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(default=0)
    purpose = models.CharField("안건", max_length=200)
    decision = models.CharField("결정 종류", max_length=20, choices=Decision.choices, blank=True)
    decision_value = models.CharField("결정 내용", max_length=100, blank=True)
    discussion = models.TextField("논의 내용", max_length=2_000, blank=True)
    decided_at = models.DateTimeField("결정 시각", null=True, blank=True)
    # An integrated conference shares the case with the attending agencies: without the resident's
    # consent covering each of them, only a supervisor's recorded legal basis lets the case on the agenda.
    legal_exception = models.CharField("동의 예외 근거", max_length=200, blank=True)
    exception_recorded_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            # A case may come up more than once (selection, then the lead agency), but not twice undecided for the
            # same purpose.
            models.UniqueConstraint(
                fields=["meeting", "case", "purpose"],
                condition=models.Q(case__isnull=False, decided_at__isnull=True),
                name="meetings_open_agenda_item_once",
            )
        ]
