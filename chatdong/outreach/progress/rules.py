"""Who may see the progress figures: every staff role, statistics roles included (figures, never a name)."""

from chatdong.access.principal import Principal


def can_see_outreach_progress(principal: Principal) -> bool:
    """The progress figures (no names): every staff role, statistics roles included."""
    return principal.is_superuser or bool(principal.roles)
