"""Base models shared by the apps."""

from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    updated_at = models.DateTimeField("수정일시", auto_now=True)

    class Meta:
        abstract = True
