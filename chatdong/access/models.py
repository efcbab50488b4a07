"""The audit trail and the access log. (Login attempts and lockouts are axes' models: chatdong.access.login.)"""

from django.conf import settings
from django.db import models


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
