"""Who may assign zones, tongs and roles: the dong head and the officer coordinator in their dong, or an
administrator. Built on `access.rules`; `manage.py access_matrix` prints it."""

from chatdong.access.principal import Principal
from chatdong.access.rules import EVERYWHERE, SUPERUSER, Rule, grants, in_own_dong, role
from chatdong.org.roles import Role

MANAGE = Rule(
    "access.assignments",
    "구역·역할 관리(주무관의 구역, 통의 구역, 직원의 역할)",
    grants((SUPERUSER, EVERYWHERE), (role(Role.DONG_HEAD, Role.OFFICER_COORDINATOR), in_own_dong())),
    "구역과 역할은 동장 또는 우리동네주무관 총괄만 관리할 수 있습니다.",
    about_people=False,
)


def can_manage_organisation(principal: Principal) -> bool:
    """Zone, tong and role assignment: the dong head and the officer coordinator, or an administrator."""
    return MANAGE.admits(principal)
