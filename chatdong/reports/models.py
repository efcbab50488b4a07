"""The privacy auditor's monthly review of the access log (접속기록 점검): one per month, and what was checked."""

from django.conf import settings
from django.db import models


class ReviewSection(models.TextChoices):
    BULK = "bulk", "짧은 시간 대량 열람"
    SENSITIVE = "sensitive", "담당이 아닌 직원의 민감정보 열람"
    EMERGENCY = "emergency", "긴급 열람"
    EXPORT = "export", "내려받기·출력"
    NIGHT = "night", "야간 로그인(22시~6시)"
    FAILED = "failed", "로그인 실패·잠금"


class AccessReview(models.Model):
    """One month of the access log, reviewed: completed when every item needing a look has been checked."""

    month = models.DateField("점검 월", unique=True, help_text="그 달의 1일")
    completed_at = models.DateTimeField("점검 완료", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField("점검 의견", max_length=2_000, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "접속기록 점검"
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} 접속기록 점검"


class ReviewCheck(models.Model):
    """One item of a month's review marked as looked at, with what the auditor found."""

    review = models.ForeignKey(AccessReview, on_delete=models.PROTECT, related_name="checks")
    section = models.CharField("항목 종류", max_length=20, choices=ReviewSection.choices)
    key = models.CharField("항목", max_length=200)
    note = models.CharField("확인 내용", max_length=300)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("확인 일시", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "접속기록 점검 항목"
        constraints = [models.UniqueConstraint(fields=["review", "key"], name="review_item_checked_once")]
