"""Who may see the figures: every staff role, statistics roles included; never a person."""

from chatdong.access.principal import Principal


def can_see_statistics(principal: Principal) -> bool:
    return principal.is_superuser or bool(principal.roles)
