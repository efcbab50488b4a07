"""Rules as data: what each action is, who may take it, and how far it reaches.

A `Rule` names one action (`cases.work`, "사례 처리") and lists its grants: each grant pairs WHO, a test on the
signed-in person alone (a role, dong staff, a tong leader), with WHERE, how far it reaches (the person's own
dong, the district, the households assigned to them, everywhere). The same grants

- open or close a page or API operation at its door (`admits`, see `access.doors`),
- decide one record (`allows`, `require`) and scope a list (`scope`, `fetch`: out of scope is "not found"),
- and print the role × action table that an auditor reads (`manage.py access_matrix`).

Each domain keeps its rules in its own `rules.py`, built from the pieces here; every rule registers itself,
so the table always shows the rules the code runs.
"""

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet

from chatdong.org.roles import PlannerSpeciality, Role

from .errors import Forbidden, OutOfScope
from .principal import STATISTICS_ONLY, Principal

RULES: dict[str, "Rule"] = {}  # key → rule, in the order the apps define them


@dataclass(frozen=True, eq=False)
class Who:
    """A test on the signed-in person alone, named in Korean for the access table."""

    label: str
    test: Callable[[Principal], bool]

    def __call__(self, principal: Principal) -> bool:
        return self.test(principal)

    def __and__(self, other: "Who") -> "Who":
        return Who(f"{self.label}·{other.label}", lambda p: self.test(p) and other.test(p))

    def __or__(self, other: "Who") -> "Who":
        return Who(f"{self.label} 또는 {other.label}", lambda p: self.test(p) or other.test(p))


@dataclass(frozen=True, eq=False)
class Reach:
    """How far a grant reaches: a test on one record and the same as a filter on a list, named in Korean.

    `test=None` means every record (or an action on no record at all); a reach with a test and no filter decides
    one record at a time and refuses to scope a list rather than let it through whole."""

    label: str
    test: Callable[[Principal, Any], bool] | None = None
    filter: Callable[[Principal], Q] | None = None

    def covers(self, principal: Principal, obj: Any) -> bool:
        return self.test is None or self.test(principal, obj)

    def __or__(self, other: "Reach") -> "Reach":
        if self.test is None or other.test is None:
            return EVERYWHERE
        a, b = self.test, other.test
        fa, fb = self.filter, other.filter
        return Reach(
            f"{self.label} 또는 {other.label}",
            lambda p, o: a(p, o) or b(p, o),
            (lambda p: fa(p) | fb(p)) if fa is not None and fb is not None else None,
        )


NOTHING = Q(pk__in=[])


@dataclass(frozen=True, eq=False)
class Rule:
    """One action and who may take it how far. Creating a rule registers it under its key."""

    key: str
    label: str
    grants: Mapping[Who, Reach]
    refusal: str
    # Pages that show people answer the statistics roles with their own message (figures only, never a person).
    about_people: bool = True

    def __post_init__(self) -> None:
        if self.key in RULES:
            raise ValueError(f"규칙 {self.key}이(가) 두 번 정의되었습니다.")
        RULES[self.key] = self

    @property
    def number(self) -> int:
        """The order of definition (within one module it is the order of the source)."""
        return list(RULES).index(self.key)

    def _reaches(self, principal: Principal) -> list[Reach]:
        return [reach for who, reach in self.grants.items() if who(principal)]

    def admits(self, principal: Principal) -> bool:
        """Whether any grant is for this person: the page or operation opens (records are decided later)."""
        return bool(self._reaches(principal))

    def allows(self, principal: Principal, obj: Any = None) -> bool:
        """Whether this person may take the action on `obj` (or at all, for actions on no record)."""
        return any(reach.covers(principal, obj) for reach in self._reaches(principal))

    def refusal_for(self, principal: Principal) -> str:
        if self.about_people and not principal.sees_people:
            return STATISTICS_ONLY
        return self.refusal

    def require(self, principal: Principal, obj: Any = None) -> None:
        """Refuse (403 with the Korean reason) unless `allows`."""
        if not self.allows(principal, obj):
            raise Forbidden(self.refusal_for(principal))

    def require_admitted(self, principal: Principal) -> None:
        if not self.admits(principal):
            raise Forbidden(self.refusal_for(principal))

    def q(self, principal: Principal) -> Q:
        """The records the action reaches for this person, as a filter (for lists and annotations)."""
        filters = []
        for reach in self._reaches(principal):
            if reach.filter is not None:
                filters.append(reach.filter(principal))
            elif reach.test is None:
                return Q()  # every record
            else:
                raise TypeError(f"{self.key}: '{reach.label}' decides one record at a time and cannot scope a list")
        return reduce(operator.or_, filters) if filters else NOTHING

    def scope[M: Model](self, principal: Principal, qs: QuerySet[M]) -> QuerySet[M]:
        """The records of `qs` the action reaches for this person; none when no grant is theirs."""
        return qs.filter(self.q(principal))

    def fetch[M: Model](self, principal: Principal, qs: QuerySet[M], pk: object, object_type: str) -> M:
        """One record in scope, or "not found" (404) exactly as if it did not exist."""
        return fetch(self.scope(principal, qs), pk, object_type)


def fetch[M: Model](scoped: QuerySet[M], pk: object, object_type: str) -> M:
    """One record of an already scoped list, or "not found" (404) also for an id that is no id at all."""
    try:
        return scoped.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope(object_type, pk) from None


def grants(*pairs: tuple[Who, Reach]) -> dict[Who, Reach]:
    """The grants of a rule, in the order the table shows them."""
    return dict(pairs)


# --- Who -------------------------------------------------------------------------------------------------

SUPERUSER = Who("시스템 관리자", lambda p: p.is_superuser)
SIGNED_IN = Who("로그인한 사람", lambda p: p.user_id is not None)
STAFF = Who("직원", lambda p: p.staff is not None)
ANY_ROLE = Who("역할이 있는 직원", lambda p: bool(p.roles))
DONG_STAFF = Who("동 직원", lambda p: p.is_dong_staff)
DISTRICT_CASE_STAFF = Who("희망복지지원단", lambda p: p.is_district_case_staff)
LEADER = Who("통·반장 등 주민 조력자", lambda p: p.is_leader)
STATISTICS = Who("통계 담당", lambda p: p.is_aggregate_only)
# Staff who belong to a dong, whatever their roles: district staff do not.
DONG_MEMBER = Who("동 소속 직원", lambda p: p.dong_id is not None)


def role(*roles: Role) -> Who:
    """Staff holding any of `roles`."""
    return Who(" 또는 ".join(r.label for r in roles), lambda p: p.staff is not None and p.has_role(*roles))


def planner_of(speciality: PlannerSpeciality) -> Who:
    """A welfare planner of one speciality (e.g. 돌봄위기 전담)."""
    return Who(f"{Role.WELFARE_PLANNER.label}({speciality.label})", lambda p: speciality in p.specialities)


# --- Where -----------------------------------------------------------------------------------------------

EVERYWHERE = Reach("전체")


def _value(obj: Any, path: str) -> Any:
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def in_own_dong(field: str = "dong") -> Reach:
    """Records whose `field` (a dong) is the person's own dong."""
    return Reach(
        "자기 동",
        lambda p, obj: p.dong_id is not None and _value(obj, f"{field}_id") == p.dong_id,
        lambda p: Q(**{f"{field}_id": p.dong_id}) if p.dong_id is not None else NOTHING,
    )


def in_own_district(field: str = "dong") -> Reach:
    """Records whose `field` (a dong) lies in the person's district."""
    return Reach(
        "구 전체",
        lambda p, obj: p.district_id is not None and _value(obj, f"{field}__district_id") == p.district_id,
        lambda p: Q(**{f"{field}__district_id": p.district_id}) if p.district_id else NOTHING,
    )


def own_dong_id() -> Reach:
    """For actions on a dong (given as its id): the person's own dong."""
    return Reach("자기 동", lambda p, dong_id: p.dong_id is not None and dong_id == p.dong_id)


# For actions on a dong given as its id: any dong, but one there must be (someone without a dong has none).
ANY_DONG = Reach("모든 동", lambda p, dong_id: dong_id is not None)


def both(label: str, first: Reach, second: Reach) -> Reach:
    """The records within both reaches (the dong's, and of those only some)."""
    assert first.test and second.test and first.filter and second.filter
    a, b, fa, fb = first.test, second.test, first.filter, second.filter
    return Reach(label, lambda p, obj: a(p, obj) and b(p, obj), lambda p: fa(p) & fb(p))


def theirs(field: str, label: str) -> Reach:
    """Records whose `field` (a staff member) is the signed-in staff member: what they recorded, sent, chair, were
    sent or are the planner of."""
    return Reach(
        label,
        lambda p, obj: p.staff is not None and getattr(obj, f"{field}_id") == p.staff.pk,
        lambda p: Q(**{f"{field}_id": p.staff.pk}) if p.staff is not None else NOTHING,
    )


def dong_records(field: str = "dong") -> dict[Who, Reach]:
    """The records a dong keeps, as staff see them: the dong's own staff their dong's, 희망복지지원단 the
    district's, the system administrator all; nobody else any (tong leaders and statistics roles included)."""
    return grants(
        (SUPERUSER, EVERYWHERE),
        (DISTRICT_CASE_STAFF, in_own_district(field)),
        (DONG_STAFF, in_own_dong(field)),
    )
