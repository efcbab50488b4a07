"""The need domains (욕구 영역) used by consultations, assessments, plans and statistics (seed 001)."""

from django.db import models


class NeedDomain(models.TextChoices):
    ECONOMY = "economy", "경제"
    HOUSING = "housing", "주거"
    HEALTH = "health", "건강"
    EDUCATION = "education", "교육"
    RELATIONSHIP = "relationship", "관계"
    EMPLOYMENT = "employment", "일자리"
    LEGAL = "legal", "법률"
    OTHER = "other", "기타"
