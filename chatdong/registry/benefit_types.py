"""The benefit and status types of the seed 002 tables and domain.md §2.

`stats_column` names the column of the Seongbuk-gu per-dong table (and of the API's `recipients`).
"""

from typing import Any

# (code, name, category, stats_column)
BENEFIT_TYPES: list[tuple[str, str, str, str]] = [
    ("basic_livelihood", "국민기초생활수급자", "기초생활보장", "basic_livelihood"),
    ("livelihood_benefit", "생계급여", "기초생활보장", ""),
    ("medical_benefit", "의료급여", "기초생활보장", ""),
    ("housing_benefit", "주거급여", "기초생활보장", ""),
    ("education_benefit", "교육급여", "기초생활보장", ""),
    ("seoul_basic_security", "서울형 기초보장", "기초생활보장", ""),
    ("near_poor_self_support", "차상위 자활", "차상위", "near_poor_self_support"),
    ("near_poor_disabled", "차상위 장애인", "차상위", "near_poor_disabled"),
    ("near_poor_copay_reduction", "차상위 본인부담경감", "차상위", "near_poor_copay_reduction"),
    ("near_poor_priority_care", "우선돌봄 차상위", "차상위", "near_poor_priority_care"),
    ("near_poor_confirmed", "차상위계층 확인", "차상위", ""),
    ("single_parent", "한부모가족", "한부모가족", "single_parent"),
    ("single_parent_mother", "한부모가족(모자)", "한부모가족", ""),
    ("single_parent_father", "한부모가족(부자)", "한부모가족", ""),
    ("single_parent_grandparent", "한부모가족(조손)", "한부모가족", ""),
    ("single_parent_teen", "청소년한부모", "한부모가족", ""),
    ("basic_pension", "기초연금", "노인", "basic_pension"),
    ("disability_pension", "장애인연금", "장애인", "disability_pension"),
    ("disability_allowance", "장애수당", "장애인", "disability_allowance"),
    ("child_education_fee", "유아학비", "보육·아동", "child_education_fee"),
    ("childcare_fee", "보육료", "보육·아동", "childcare_fee"),
    ("home_care_allowance", "가정양육수당", "보육·아동", "home_care_allowance"),
    ("foster_child", "가정위탁", "보육·아동", "foster_child"),
    ("adopted_child_allowance", "입양아동양육수당", "보육·아동", "adopted_child_allowance"),
]

# The columns of the per-dong table, in the seed's order, with their Korean labels.
STATS_COLUMNS: dict[str, str] = {column: name for _code, name, _category, column in BENEFIT_TYPES if column}


def sync_benefit_types(model: Any = None) -> None:
    """Create or update the BenefitType rows (used by the migration, and after a test database flush)."""
    if model is None:
        from .models import BenefitType as model
    for order, (code, name, category, column) in enumerate(BENEFIT_TYPES):
        model.objects.update_or_create(
            code=code, defaults={"name": name, "category": category, "stats_column": column, "order": order}
        )
