"""Consent records, the audit trail, the access log and login failures."""

import datetime as dt

from django.conf import settings
from django.db import models

from chatdong.core.models import TimeStamped
from chatdong.org.models import Agency, StaffMember
from chatdong.registry.models import Person


class Consent(TimeStamped):
    """A resident's consent: to a visit, to collection and use, or to provision to third parties."""

    class Kind(models.TextChoices):
        VISIT = "visit", "방문상담 동의"
        COLLECT_USE = "collect_use", "개인정보 수집·이용 동의"
        THIRD_PARTY = "third_party", "개인정보 제3자 제공 동의"

    class Method(models.TextChoices):
        WRITTEN = "written", "서면"
        VERBAL = "verbal", "구두(대면)"
        PHONE = "phone", "전화"
        ELECTRONIC = "electronic", "전자서명"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name="동의자")
    kind = models.CharField("동의 종류", max_length=20, choices=Kind.choices)
    scope = models.CharField("동의 범위", max_length=300, help_text="수집·이용 목적과 항목, 제공받는 자 등")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="consents", verbose_name="제공받는 기관")
    given_on = models.DateField("동의일")
    expires_on = models.DateField("만료일", null=True, blank=True)
    withdrawn_on = models.DateField("철회일", null=True, blank=True)
    method = models.CharField("동의 방법", max_length=20, choices=Method.choices)
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "동의"
        ordering = ["-given_on", "-id"]

    def is_valid_on(self, day: dt.date) -> bool:
        if self.given_on > day:
            return False
        if self.withdrawn_on and self.withdrawn_on <= day:
            return False
        return not (self.expires_on and self.expires_on < day)

    @property
    def status_label(self) -> str:
        today = dt.date.today()
        if self.withdrawn_on and self.withdrawn_on <= today:
            return "철회"
        if self.expires_on and self.expires_on < today:
            return "만료"
        return "유효" if self.is_valid_on(today) else "예정"


class AuditEntry(models.Model):
    """One change to personal data: who, when, what (field → [before, after])."""

    class Action(models.TextChoices):
        CREATE = "create", "등록"
        UPDATE = "update", "수정"
        DELETE = "delete", "삭제"

    at = models.DateTimeField("일시", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    username = models.CharField("사용자", max_length=150)
    action = models.CharField("작업", max_length=10, choices=Action.choices)
    model = models.CharField("대상 종류", max_length=60)
    object_id = models.CharField("대상 ID", max_length=40)
    household_id = models.BigIntegerField("가구 ID", null=True, blank=True, db_index=True)
    changes = models.JSONField("변경 내용", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "변경 이력"
        ordering = ["-at", "-id"]


class AccessLog(models.Model):
    """One look at (or refused look at) personal data: who viewed whom, when, from where."""

    class Action(models.TextChoices):
        VIEW = "view", "열람"
        VIEW_SENSITIVE = "view_sensitive", "민감정보 열람"
        SEARCH = "search", "검색"
        EXPORT = "export", "내려받기"
        NOT_FOUND = "denied_scope", "범위 밖 접근 거부(404)"
        FORBIDDEN = "denied_action", "권한 없는 작업 거부(403)"

    at = models.DateTimeField("일시", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    username = models.CharField("사용자", max_length=150, db_index=True)
    action = models.CharField("구분", max_length=20, choices=Action.choices)
    object_type = models.CharField("대상 종류", max_length=30, blank=True)
    object_id = models.CharField("대상 ID", max_length=40, blank=True)
    household_id = models.BigIntegerField("가구 ID", null=True, blank=True, db_index=True)
    detail = models.CharField("내용", max_length=300, blank=True)
    ip_address = models.GenericIPAddressField("접속 IP", null=True, blank=True)
    user_agent = models.CharField("브라우저", max_length=200, blank=True)
    channel = models.CharField("경로", max_length=10, default="web")

    class Meta:
        verbose_name = verbose_name_plural = "개인정보 접근기록"
        ordering = ["-at", "-id"]


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
