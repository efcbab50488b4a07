"""Who may assign zones, tongs and roles: the dong head and the officer coordinator, or an administrator."""

from chatdong.access.principal import Principal
from chatdong.org.roles import Role


def can_manage_organisation(principal: Principal) -> bool:
    """Zone, tong and role assignment: the dong head and the officer coordinator, or an administrator."""
    return principal.is_superuser or principal.has_role(Role.DONG_HEAD, Role.OFFICER_COORDINATOR)
