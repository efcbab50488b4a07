"""Who may see the progress figures: every staff role, statistics roles included (figures, never a name); dong
staff their dong's, the district's roles the district's. Built on `access.rules`; `manage.py access_matrix`
prints it."""

from django.db.models import Q

from chatdong.access.principal import Principal
from chatdong.access.rules import DONG_STAFF, EVERYWHERE, SUPERUSER, Reach, Rule, Who, grants

# The figures of dongs (the rule is on a dong).
OWN_DONG = Reach("자기 동(숫자만)", lambda p, dong: dong.pk == p.dong_id, lambda p: Q(pk=p.dong_id))
OWN_DISTRICT = Reach(
    "구 전체(숫자만)", lambda p, dong: dong.district_id == p.district_id, lambda p: Q(district_id=p.district_id or 0)
)
DISTRICT_ROLE = Who("구 역할(통계 담당·희망복지지원단 등)", lambda p: bool(p.roles) and not p.is_dong_staff)

PROGRESS = Rule(
    "outreach.progress.view",
    "찾아가는 복지 진도율(숫자만)",
    grants((SUPERUSER, EVERYWHERE), (DONG_STAFF, OWN_DONG), (DISTRICT_ROLE, OWN_DISTRICT)),
    "찾아가는 복지 진도율은 직원 계정만 볼 수 있습니다.",
    about_people=False,
)


def can_see_outreach_progress(principal: Principal) -> bool:
    """The progress figures (no names): every staff role, statistics roles included."""
    return PROGRESS.admits(principal)
