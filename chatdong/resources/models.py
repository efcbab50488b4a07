"""The programme and service catalogue."""

from django.db import models

from chatdong.core.models import TimeStamped
from chatdong.core.needs import NeedDomain
from chatdong.org.models import Agency


class ServiceProgramme(TimeStamped):
    class Kind(models.TextChoices):
        PUBLIC_BENEFIT = "public_benefit", "공적 급여·지원"
        VISITING_SERVICE = "visiting_service", "방문형 서비스"
        PRIVATE_PROGRAMME = "private_programme", "민간 프로그램·후원"
        ADVICE = "advice", "상담·자문"

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField("사업·서비스명", max_length=80)
    kind = models.CharField("구분", max_length=30, choices=Kind.choices)
    domain = models.CharField("욕구 영역", max_length=20, choices=NeedDomain.choices)
    target = models.CharField("주요 대상", max_length=200, blank=True)
    content = models.CharField("내용", max_length=300, blank=True)
    provider = models.CharField("제공 기관(유형)", max_length=100, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="programmes")
    active = models.BooleanField("운영 중", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "사업·서비스"
        ordering = ["domain", "name"]

    def __str__(self) -> str:
        return self.name
