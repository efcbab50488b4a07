"""Base models shared by the apps."""

from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    updated_at = models.DateTimeField("수정일시", auto_now=True)

    class Meta:
        abstract = True


class Notice(models.Model):
    """A message to one user: an alert (e.g. high suicide risk to the supervisor) or a notice back
    to whoever raised something. Shown on the home page until read."""

    recipient = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("종류", max_length=30)
    message = models.CharField("내용", max_length=300)
    url = models.CharField("바로가기", max_length=200, blank=True)
    urgent = models.BooleanField("긴급", default=False)
    created_at = models.DateTimeField("일시", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("읽은 시각", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "알림"
        ordering = ["-urgent", "-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
