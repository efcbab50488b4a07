"""What a finding is and the life of one, from hand-over to done — the one place that lists the transitions."""

from django.db import models


class FindingKind(models.TextChoices):
    CARE_NEEDED = "care_needed", "돌봄이웃(도움이 필요한 주민)"
    HELPER = "helper", "나눔이웃(도움을 줄 수 있는 주민)"
    COMPLAINT = "complaint", "생활민원"


class FindingStatus(models.TextChoices):
    HANDED_OVER = "handed_over", "전달됨"
    IN_PROGRESS = "in_progress", "처리중"
    DONE = "done", "처리완료"


FINDING_TRANSITIONS: dict[str, frozenset[str]] = {
    FindingStatus.HANDED_OVER: frozenset({FindingStatus.IN_PROGRESS, FindingStatus.DONE}),
    FindingStatus.IN_PROGRESS: frozenset({FindingStatus.DONE}),
    FindingStatus.DONE: frozenset(),
}
