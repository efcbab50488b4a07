"""Who may see the figures (every staff role, statistics roles included; never a person) and who may search the
access log (the privacy auditor). Built on `access.rules`; `manage.py access_matrix` prints them."""

from chatdong.access.principal import Principal
from chatdong.access.rules import ANY_ROLE, EVERYWHERE, SUPERUSER, Reach, Rule, grants, role
from chatdong.org.roles import Role

STATISTICS = Rule(
    "reports.statistics",
    "동별 통계·지도(숫자만)",
    grants((SUPERUSER, EVERYWHERE), (ANY_ROLE, Reach("자기 구(숫자만)"))),
    "통계를 볼 권한이 없습니다.",
    about_people=False,
)

ACCESS_LOG = Rule(
    "reports.access_log",
    "개인정보 접근기록 조회",
    grants((SUPERUSER, EVERYWHERE), (role(Role.PRIVACY_AUDITOR), EVERYWHERE)),
    "접근기록은 개인정보 감사 담당자만 볼 수 있습니다.",
    about_people=False,
)

ACCESS_REVIEW = Rule(
    "reports.access_review",
    "접속기록 월별 점검(확인 표시·점검 완료·출력)",
    grants((SUPERUSER, EVERYWHERE), (role(Role.PRIVACY_AUDITOR), EVERYWHERE)),
    "접속기록 점검은 개인정보 감사 담당자만 할 수 있습니다.",
    about_people=False,
)


def can_see_statistics(principal: Principal) -> bool:
    return STATISTICS.admits(principal)
