"""Who is signed in, as every rule sees them: their staff record and roles, or their leader record."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from chatdong.org.models import NeighbourhoodLeader, StaffMember
from chatdong.org.roles import AGGREGATE_ROLES, DISTRICT_CASE_ROLES, DONG_ROLES, Role

from .errors import Forbidden, require


@dataclass(frozen=True)
class Principal:
    """What the rules need to know about a signed-in person."""

    user_id: int | None
    username: str
    is_superuser: bool = False
    staff: StaffMember | None = None
    leader: NeighbourhoodLeader | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    specialities: frozenset[str] = field(default_factory=frozenset)  # of the 복지플래너 role (돌봄위기 전담, …)

    @property
    def dong_id(self) -> int | None:
        return self.staff.dong_id if self.staff else None

    @property
    def district_id(self) -> int | None:
        if self.staff:
            return self.staff.district_id
        return None

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_dong_staff(self) -> bool:
        return self.dong_id is not None and bool(self.roles & DONG_ROLES)

    @property
    def is_district_case_staff(self) -> bool:
        return bool(self.roles & DISTRICT_CASE_ROLES)

    @property
    def is_aggregate_only(self) -> bool:
        """Statistics roles: figures, never a person."""
        return bool(self.roles & AGGREGATE_ROLES) and not (self.is_dong_staff or self.is_district_case_staff)

    @property
    def is_leader(self) -> bool:
        return self.leader is not None and self.staff is None

    @property
    def sees_people(self) -> bool:
        return self.is_superuser or self.is_dong_staff or self.is_district_case_staff or self.is_leader

    @property
    def is_auditor(self) -> bool:
        return self.is_superuser or self.has_role(Role.PRIVACY_AUDITOR)


ANONYMOUS = Principal(user_id=None, username="")
STATISTICS_ONLY = "이 계정은 통계만 볼 수 있습니다. 개인 정보 목록에는 접근할 수 없습니다."


def principal_for(user: AbstractBaseUser | AnonymousUser) -> Principal:
    """Load (once per request) the roles, dong and leader record of a user."""
    if not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_chatdong_principal", None)
    if cached is not None:
        return cached
    staff = StaffMember.objects.filter(user_id=user.pk).select_related("dong", "district").first()
    held = list(staff.roles.values_list("role", "speciality")) if staff else []
    leader = None
    if staff is None:
        leader = NeighbourhoodLeader.objects.filter(user_id=user.pk).select_related("dong").first()
    principal = Principal(
        user_id=user.pk,
        username=user.get_username(),
        is_superuser=bool(getattr(user, "is_superuser", False)),
        staff=staff,
        leader=leader,
        roles=frozenset(role for role, _speciality in held),
        specialities=frozenset(speciality for _role, speciality in held if speciality),
    )
    user._chatdong_principal = principal  # type: ignore[union-attr,attr-defined]
    return principal


def require_people_access(principal: Principal) -> None:
    """For pages that list people: statistics roles get a clear 403, not an empty list."""
    if not principal.sees_people:
        raise Forbidden(STATISTICS_ONLY)


def people_principal(user: AbstractBaseUser | AnonymousUser) -> Principal:
    """The principal of a page or endpoint that shows people: statistics roles get a 403."""
    principal = principal_for(user)
    require_people_access(principal)
    return principal


def staff_principal(user: AbstractBaseUser | AnonymousUser, what: str) -> Principal:
    """For pages only staff work on (desk, visits, monitoring): statistics roles and tong leaders get a 403
    saying that `what` is for dong staff and 희망복지지원단."""
    principal = people_principal(user)
    require(
        principal.is_superuser or principal.is_dong_staff or principal.is_district_case_staff,
        f"{what}은(는) 동 직원과 희망복지지원단만 볼 수 있습니다.",
    )
    return principal
