"""Monitoring tiers of the households kept under watch, and their default contact intervals."""

from django.db import models


class Tier(models.TextChoices):
    """Monitoring tiers of seed 000 (돌봄위기가정) used for every watched household."""

    CAUTION = "caution", "주의 대상 가구"
    SERVICE = "service", "서비스 관리 가구"
    INTEGRATED = "integrated", "통합사례관리 가구"


# Default days between contacts (configurable per dong): every 2 months, monthly, twice a month.
DEFAULT_INTERVAL_DAYS = {Tier.CAUTION: 60, Tier.SERVICE: 30, Tier.INTEGRATED: 15}
