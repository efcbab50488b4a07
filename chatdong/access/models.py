"""The audit trail and the access log. (Login attempts and lockouts are axes' models: chatdong.access.login.)"""

from typing import Any

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone

from . import chain


class ImmutableLogError(Exception):
    """The access log is append-only: its entries are never changed, and removed only by the retention purge."""

    message = (
        "개인정보 접근기록은 수정하거나 삭제할 수 없습니다. "
        "보존기간이 지난 기록은 manage.py purge_access_log 로만 파기합니다."
    )

    def __init__(self) -> None:
        super().__init__(self.message)


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


class AccessLogHead(models.Model):
    """The access log's one chain head. Every append locks this row, so entries take `seq` one after another
    even when requests write at once; it keeps the last entry's `seq` and hash (cutting entries off the end
    shows) and the anchor a purge leaves: the last purged entry, from which verification starts."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField("마지막 순번", default=0)
    last_hash = models.CharField("마지막 해시", max_length=64, default=chain.GENESIS)
    anchor_seq = models.BigIntegerField("파기 기준 순번", default=0)
    anchor_hash = models.CharField("파기 기준 해시", max_length=64, default=chain.GENESIS)
    anchor_at = models.DateTimeField("파기된 마지막 기록 일시", null=True, blank=True)
    purged = models.BigIntegerField("파기한 기록 수", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "접근기록 체인"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="access_log_head_one_row")]

    @classmethod
    def locked(cls, using: str | None = None) -> "AccessLogHead":
        """The head, locked until the surrounding transaction ends (created with the first entry ever)."""
        manager = cls.objects.db_manager(using)
        head = manager.select_for_update().filter(pk=1).first()
        if head is None:
            manager.get_or_create(pk=1)
            head = manager.select_for_update().get(pk=1)
        return head


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    """Entries can be read and appended, never updated or deleted in bulk (the purge has its own way)."""

    def update(self, **kwargs: Any) -> int:
        raise ImmutableLogError

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableLogError

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list["AccessLog"]:  # type: ignore[override]
        raise ImmutableLogError  # each entry is chained to the one before: append them one by one

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        raise ImmutableLogError

    def purge_through(self, seq: int) -> int:
        """Delete the entries up to `seq`. Only `logchain.purge` calls this, after moving the anchor."""
        deleted, _ = models.QuerySet.delete(self.filter(seq__lte=seq))
        return deleted


class AccessLog(models.Model):
    """One look at (or refused look at) personal data: who viewed whom, when, from where.

    Append-only and chained: `save()` on a new entry masks resident numbers in its text, gives it the next
    `seq` and its hash under the chain head's lock; changing or deleting an entry raises ImmutableLogError."""

    class Action(models.TextChoices):
        VIEW = "view", "열람"
        VIEW_SENSITIVE = "view_sensitive", "민감정보 열람"
        SEARCH = "search", "검색"
        EXPORT = "export", "내려받기"
        EMERGENCY = "emergency", "긴급 열람 시작"
        NOT_FOUND = "denied_scope", "범위 밖 접근 거부(404)"
        FORBIDDEN = "denied_action", "권한 없는 작업 거부(403)"
        PURGE = "purge", "보존기간 경과 기록 파기"

    seq = models.BigIntegerField("순번", unique=True, editable=False)
    # Set under the chain head's lock when the entry is appended (not auto_now_add, which would set it after
    # the hash was computed).
    at = models.DateTimeField("일시", default=timezone.now, db_index=True, editable=False)
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
    prev_hash = models.CharField("이전 기록 해시", max_length=64, editable=False)
    entry_hash = models.CharField("기록 해시", max_length=64, editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "개인정보 접근기록"
        ordering = ["-at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableLogError
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # No savepoint: inside a caller's transaction a failed append fails that transaction as a whole. The
        # lock is held until the outermost transaction ends, so append at the end of short transactions only.
        with transaction.atomic(using=using, savepoint=False):
            head = AccessLogHead.locked(using)
            chain.clean(self)
            self.at = timezone.now()
            self.seq = head.last_seq + 1
            self.prev_hash = head.last_hash
            self.entry_hash = chain.digest(self)
            super().save(force_insert=True, using=using)
            head.last_seq, head.last_hash = self.seq, self.entry_hash
            head.save(using=using, update_fields=["last_seq", "last_hash"])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableLogError
