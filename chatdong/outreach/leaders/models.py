"""Tong leaders' check-ins (안부확인) on the households assigned to them."""

import datetime as dt

from django.db import models

from chatdong.org.models import NeighbourhoodLeader, StaffMember
from chatdong.outreach.officers.models import Finding
from chatdong.registry.models import Household


class CheckIn(models.Model):
    """안부확인 by a tong leader (or recorded on their behalf by an officer)."""

    class CheckInMethod(models.TextChoices):
        VISIT = "visit", "방문"
        PHONE = "phone", "전화"

    class Condition(models.TextChoices):
        WELL = "well", "이상 없음"
        CONCERN = "concern", "살펴볼 점 있음"
        CRISIS = "crisis", "위기"

    leader = models.ForeignKey(NeighbourhoodLeader, on_delete=models.PROTECT, related_name="check_ins")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="check_ins")
    checked_on = models.DateField("확인일", default=dt.date.today)
    method = models.CharField("방법", max_length=10, choices=CheckInMethod.choices)
    condition = models.CharField("상태", max_length=10, choices=Condition.choices)
    note = models.CharField("내용", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="주무관이 대신 기록한 경우",
    )  # fmt: skip
    finding = models.ForeignKey(Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "안부확인"
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["household", "checked_on"])]
