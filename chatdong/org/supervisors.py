"""Who is alerted for a dong: its welfare supervisor(s), and without one its dong head."""

from django.contrib.auth.models import AbstractBaseUser

from .models import StaffMember
from .roles import Role


def supervisor_users(dong_id: int) -> list[AbstractBaseUser]:
    for role in (Role.WELFARE_SUPERVISOR, Role.DONG_HEAD):
        staff = StaffMember.objects.filter(dong_id=dong_id, roles__role=role).select_related("user").distinct()
        users: list[AbstractBaseUser] = [s.user for s in staff]
        if users:
            return users
    return []
