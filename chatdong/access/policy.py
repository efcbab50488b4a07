"""The one place that decides who may see and do what.

Scope answers 404 (the record "does not exist" for you); an action not allowed on a record you may
see answers 403 with a Korean reason. Both are written to the access log by `log.denied`.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from chatdong.cases.models import Case
from chatdong.org.models import NeighbourhoodLeader, StaffMember, Zone
from chatdong.org.roles import AGGREGATE_ROLES, DISTRICT_CASE_ROLES, DONG_ROLES, Role
from chatdong.outreach.models import Finding, OfficerActivity, Target, Visit, WatchedHousehold
from chatdong.outreach.programmes import Programme
from chatdong.registry.models import Household, LeaderAssignment, Person, StaffAssignment

NOT_FOUND_MESSAGE = "요청한 정보를 찾을 수 없습니다."


class OutOfScope(Http404):
    """A record that is missing or outside the user's scope; the two are indistinguishable."""

    def __init__(self, object_type: str = "", object_id: object = ""):
        super().__init__(NOT_FOUND_MESSAGE)
        self.object_type = object_type
        self.object_id = str(object_id)


class Forbidden(PermissionDenied):
    """An action refused on a record the user may see; the message is shown to them in Korean."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Principal:
    """What the policy needs to know about a signed-in person."""

    user_id: int | None
    username: str
    is_superuser: bool = False
    staff: StaffMember | None = None
    leader: NeighbourhoodLeader | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

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


def principal_for(user: AbstractBaseUser | AnonymousUser) -> Principal:
    """Load (once per request) the roles, dong and leader record of a user."""
    if not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_chatdong_principal", None)
    if cached is not None:
        return cached
    staff = StaffMember.objects.filter(user_id=user.pk).select_related("dong", "district").first()
    roles = frozenset(staff.roles.values_list("role", flat=True)) if staff else frozenset()
    leader = None
    if staff is None:
        leader = NeighbourhoodLeader.objects.filter(user_id=user.pk).select_related("dong").first()
    principal = Principal(
        user_id=user.pk,
        username=user.get_username(),
        is_superuser=bool(getattr(user, "is_superuser", False)),
        staff=staff,
        leader=leader,
        roles=roles,
    )
    user._chatdong_principal = principal  # type: ignore[union-attr,attr-defined]
    return principal


def active_on(today: dt.date, prefix: str = "") -> Q:
    """An assignment or status current on `today`: started, and not ended before it."""
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


def households_visible_to(principal: Principal, base: QuerySet[Household] | None = None) -> QuerySet[Household]:
    """Every household list starts here."""
    qs = base if base is not None else Household.objects.all()
    if principal.is_superuser:
        return qs
    if principal.is_district_case_staff and principal.district_id:
        return qs.filter(dong__district_id=principal.district_id)
    if principal.is_dong_staff and principal.dong_id is not None:
        return qs.filter(dong_id=principal.dong_id)
    if principal.is_leader and principal.leader:
        assigned = LeaderAssignment.objects.filter(
            active_on(dt.date.today()), household_id=OuterRef("pk"), leader_id=principal.leader.pk
        )
        return qs.filter(Exists(assigned))
    return qs.none()


def persons_visible_to(principal: Principal) -> QuerySet[Person]:
    return Person.objects.filter(household__in=households_visible_to(principal).values("pk"))


def require_people_access(principal: Principal) -> None:
    """For pages that list people: statistics roles get a clear 403, not an empty list."""
    if not principal.sees_people:
        raise Forbidden("이 계정은 통계만 볼 수 있습니다. 개인 정보 목록에는 접근할 수 없습니다.")


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


def get_household(principal: Principal, household_id: int) -> Household:
    """The household if it is within scope; otherwise 404, exactly as if it did not exist."""
    try:
        return households_visible_to(principal).select_related("dong", "tong", "ban").get(pk=household_id)
    except (Household.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("household", household_id) from None


def get_person(principal: Principal, person_id: int) -> Person:
    try:
        return persons_visible_to(principal).select_related("household__dong").get(pk=person_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise OutOfScope("person", person_id) from None


def sees_full_record(principal: Principal) -> bool:
    """Leaders see contact details only: no resident number, benefits, flags or history."""
    return not principal.is_leader


def can_edit_household(principal: Principal, household: Household) -> bool:
    if principal.is_superuser:
        return True
    if principal.is_dong_staff and household.dong_id == principal.dong_id:
        return True
    return principal.is_district_case_staff and household.dong.district_id == principal.district_id


def require_edit_household(principal: Principal, household: Household) -> None:
    if not can_edit_household(principal, household):
        raise Forbidden("이 가구의 정보를 수정할 권한이 없습니다. 담당 동 직원에게 요청하세요.")


def can_create_household_in(principal: Principal, dong_id: int) -> bool:
    if principal.is_superuser:
        return True
    if principal.is_dong_staff:
        return dong_id == principal.dong_id
    return principal.is_district_case_staff


def can_see_sensitive(principal: Principal, household: Household) -> bool:
    """Abuse, violence and suicide-risk records: the assigned staff and their dong's supervisor only."""
    staff = principal.staff
    if staff is None:
        return False
    if principal.has_role(Role.WELFARE_SUPERVISOR) and staff.dong_id == household.dong_id:
        return True
    today = dt.date.today()
    return StaffAssignment.objects.filter(active_on(today), household_id=household.pk, staff_id=staff.pk).exists()


def can_see_statistics(principal: Principal) -> bool:
    return principal.is_superuser or bool(principal.roles)


def can_import(principal: Principal) -> bool:
    return principal.is_superuser or principal.is_dong_staff or principal.is_district_case_staff


def can_manage_organisation(principal: Principal) -> bool:
    """Zone, tong and role assignment: the dong head and the officer coordinator, or an administrator."""
    return principal.is_superuser or principal.has_role(Role.DONG_HEAD, Role.OFFICER_COORDINATOR)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Forbidden(message)


# --- Cases -----------------------------------------------------------------------------------------


def dong_scope(principal: Principal, dong_field: str = "dong") -> Q | None:
    """The records kept by a dong that staff may see, as a filter on `dong_field`: the dong's staff their
    dong, 희망복지지원단 the district's, nobody else any (tong leaders and statistics roles included).
    None means everything (superuser)."""
    if principal.is_superuser:
        return None
    if principal.is_district_case_staff and principal.district_id:
        return Q(**{f"{dong_field}__district_id": principal.district_id})
    if principal.is_dong_staff and principal.dong_id is not None:
        return Q(**{f"{dong_field}_id": principal.dong_id})
    return Q(pk__in=[])


def staff_scoped[M: Model](principal: Principal, qs: QuerySet[M], dong_field: str = "dong") -> QuerySet[M]:
    """`qs` limited by `dong_scope`."""
    scope = dong_scope(principal, dong_field)
    return qs if scope is None else qs.filter(scope)


def cases_visible_to(principal: Principal) -> QuerySet[Case]:
    """Dong staff see their dong's cases; 희망복지지원단 the district's; nobody else any."""
    return staff_scoped(principal, Case.objects.all())


def get_case(principal: Principal, case_id: int) -> Case:
    try:
        return (
            cases_visible_to(principal)
            .select_related("household", "person", "dong", "worker", "lead_agency")
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("case", case_id) from None


def is_case_supervisor(principal: Principal, case: Case) -> bool:
    """The welfare supervisor of the case's dong; for district-run cases, 희망복지지원단 staff."""
    if principal.staff is None:
        return False
    if principal.has_role(Role.WELFARE_SUPERVISOR) and principal.dong_id == case.dong_id:
        return True
    return principal.has_role(Role.HOPE_STAFF) and case.worker.dong_id is None


def cases_supervised_by(principal: Principal) -> QuerySet[Case]:
    """The cases `is_case_supervisor` holds true for, as a query (approvals waiting on the work list)."""
    if principal.staff is None:
        return Case.objects.none()
    scope = []
    if principal.has_role(Role.WELFARE_SUPERVISOR) and principal.dong_id is not None:
        scope.append(Q(dong_id=principal.dong_id))
    if principal.has_role(Role.HOPE_STAFF):
        scope.append(Q(worker__dong__isnull=True, dong__district_id=principal.district_id))
    if not scope:
        return Case.objects.none()
    q = scope[0]
    for more in scope[1:]:
        q |= more
    return Case.objects.filter(q)


def is_on_case_team(principal: Principal, case: Case) -> bool:
    staff = principal.staff
    if staff is None:
        return False
    return case.worker_id == staff.pk or case.team.filter(staff_id=staff.pk).exists()


def can_work_on_case(principal: Principal, case: Case) -> bool:
    """Record on the case (assessment, plan, delivery, monitoring, closure request)."""
    if principal.staff is None:
        return False
    if principal.is_dong_staff and principal.dong_id == case.dong_id:
        return True
    return principal.is_district_case_staff and principal.district_id == case.dong.district_id


def require_work_on_case(principal: Principal, case: Case) -> None:
    if not can_work_on_case(principal, case):
        raise Forbidden(
            "이 사례를 처리할 권한이 없습니다. 사례가 속한 동의 직원이나 희망복지지원단만 처리할 수 있습니다."
        )


def require_case_supervisor(principal: Principal, case: Case, what: str) -> None:
    if not is_case_supervisor(principal, case):
        raise Forbidden(f"{what}은(는) 복지수퍼바이저(또는 사례회의)만 결정할 수 있습니다.")


def can_see_case_notes(principal: Principal, case: Case) -> bool:
    """Case notes and sensitive details: the case team and the supervisor only."""
    return is_on_case_team(principal, case) or is_case_supervisor(principal, case)


# --- Outreach: home visits and monitored households ------------------------------------------------


def visits_visible_to(principal: Principal) -> QuerySet[Visit]:
    return staff_scoped(principal, Visit.objects.all())


def get_visit(principal: Principal, visit_id: int) -> Visit:
    try:
        return (
            visits_visible_to(principal)
            .select_related("household__dong", "household__tong", "person", "visitor", "target", "case", "dong")
            .get(pk=visit_id)
        )
    except (Visit.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("visit", visit_id) from None


def can_see_visit_sensitive(principal: Principal, visit: Visit) -> bool:
    """The nurse's screenings and abuse signs: who made the visit (the visitor and staff who went along),
    the household's assigned staff and the dong's supervisor."""
    staff = principal.staff
    if staff is None:
        return False
    if visit.visitor_id == staff.pk or visit.companions.filter(staff_id=staff.pk).exists():
        return True
    return can_see_sensitive(principal, visit.household)


def watches_visible_to(principal: Principal) -> QuerySet[WatchedHousehold]:
    return staff_scoped(principal, WatchedHousehold.objects.all())


def get_watch(principal: Principal, watch_id: int) -> WatchedHousehold:
    try:
        return (
            watches_visible_to(principal)
            .select_related("household__dong", "household__tong", "planner", "dong")
            .get(pk=watch_id)
        )
    except (WatchedHousehold.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("watch", watch_id) from None


def is_dong_supervisor(principal: Principal, dong_id: int) -> bool:
    """The welfare supervisor of the dong: confirms legal exceptions, sets cadences, sees sensitive records."""
    return principal.staff is not None and principal.dong_id == dong_id and principal.has_role(Role.WELFARE_SUPERVISOR)


def can_manage_watch(principal: Principal, watch: WatchedHousehold) -> bool:
    """Tier, planner and ending the watch: the planner in charge or the dong's supervisor."""
    if principal.staff is not None and watch.planner_id == principal.staff.pk:
        return True
    return principal.is_superuser or is_dong_supervisor(principal, watch.dong_id)


# --- Neighbourhood officers and tong leaders (outreach) ----------------------------------------------


def zones_visible_to(principal: Principal) -> QuerySet[Zone]:
    """Zones, their tongs, leaders and key places: the dong's staff, 희망복지지원단 the district's."""
    return staff_scoped(principal, Zone.objects.all())


def get_zone(principal: Principal, zone_id: int) -> Zone:
    try:
        return zones_visible_to(principal).select_related("dong", "officer").get(pk=zone_id)
    except (Zone.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("zone", zone_id) from None


def activities_visible_to(principal: Principal) -> QuerySet[OfficerActivity]:
    """Zone walks (with their photos of the neighbourhood): the staff who may see the zone."""
    return staff_scoped(principal, OfficerActivity.objects.all(), "zone__dong")


def get_activity(principal: Principal, activity_id: int) -> OfficerActivity:
    try:
        return activities_visible_to(principal).select_related("zone__dong", "officer").get(pk=activity_id)
    except (OfficerActivity.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("activity", activity_id) from None


def findings_visible_to(principal: Principal) -> QuerySet[Finding]:
    """Findings name residents: the dong's staff (they review them monthly), 희망복지지원단 the district's,
    whoever a finding was routed to, and a tong leader only the findings they raised."""
    qs = Finding.objects.all()
    if principal.is_superuser:
        return qs
    if principal.is_leader and principal.leader is not None:
        return qs.filter(raised_by_leader_id=principal.leader.pk)
    if principal.staff is None or not principal.sees_people:
        return qs.none()
    scope = dong_scope(principal)
    assert scope is not None
    return qs.filter(scope | Q(routed_to_id=principal.staff.pk))


def get_finding(principal: Principal, finding_id: int) -> Finding:
    try:
        return (
            findings_visible_to(principal)
            .select_related(
                "dong", "routed_to__user", "raised_by__staff", "raised_by_leader", "household", "person", "target"
            )
            .get(pk=finding_id)
        )
    except (Finding.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("finding", finding_id) from None


def leaders_visible_to(principal: Principal) -> QuerySet[NeighbourhoodLeader]:
    """Tong leaders whose pages staff may open (to record on their behalf); a leader only themself."""
    if principal.is_leader and principal.leader is not None:
        return NeighbourhoodLeader.objects.filter(pk=principal.leader.pk)
    return staff_scoped(principal, NeighbourhoodLeader.objects.all())


def get_leader(principal: Principal, leader_id: int) -> NeighbourhoodLeader:
    try:
        return leaders_visible_to(principal).select_related("dong", "tong__zone", "user").get(pk=leader_id)
    except (NeighbourhoodLeader.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("leader", leader_id) from None


# --- Outreach cohort targets -------------------------------------------------------------------------


def targets_visible_to(principal: Principal) -> QuerySet[Target]:
    """Cohort targets: dong staff their dong's, 희망복지지원단 the district's, a tong leader those of the
    households assigned to them; statistics roles none (figures only).

    돌봄위기가정 targets say that a household was referred for abuse or violence: like the sensitive flags,
    only the target's planner, staff in charge of the household and the dong's supervisor see them."""
    qs = Target.objects.all()
    if principal.is_superuser:
        return qs
    if principal.is_leader and principal.leader:
        assigned = LeaderAssignment.objects.filter(
            active_on(dt.date.today()), household_id=OuterRef("household_id"), leader_id=principal.leader.pk
        )
        return qs.filter(Exists(assigned)).exclude(programme=Programme.CARE_CRISIS)
    staff = principal.staff
    if staff is None:
        return qs.none()
    qs = staff_scoped(principal, qs)
    in_charge = StaffAssignment.objects.filter(
        active_on(dt.date.today()), household_id=OuterRef("household_id"), staff_id=staff.pk
    )
    sees_care = Q(planner_id=staff.pk) | Q(Exists(in_charge))
    if principal.has_role(Role.WELFARE_SUPERVISOR) and staff.dong_id:
        sees_care |= Q(dong_id=staff.dong_id)
    return qs.filter(~Q(programme=Programme.CARE_CRISIS) | sees_care)


def get_target(principal: Principal, target_id: int) -> Target:
    try:
        return (
            targets_visible_to(principal)
            .select_related(
                "person__household__dong", "household__tong", "dong", "zone", "planner", "referred_by", "consent"
            )
            .get(pk=target_id)
        )
    except (Target.DoesNotExist, ValueError, TypeError):
        raise OutOfScope("target", target_id) from None


def can_work_on_target(principal: Principal, target: Target) -> bool:
    """Record the contact result, the appointment or a letter: the dong's staff (the officer or planner
    who phoned), the district's case staff, or the tong leader the household is assigned to."""
    if principal.is_superuser:
        return True
    if principal.is_leader:
        return True  # a leader only ever holds targets of their own assigned households (targets_visible_to)
    if principal.is_dong_staff and principal.dong_id == target.dong_id:
        return True
    return principal.is_district_case_staff and principal.district_id == target.dong.district_id


def can_generate_cohort(principal: Principal, dong_id: int) -> bool:
    """Generate a dong's target lists: its welfare planners, supervisor and dong head."""
    if principal.is_superuser:
        return True
    return principal.dong_id == dong_id and principal.has_role(
        Role.WELFARE_PLANNER, Role.WELFARE_SUPERVISOR, Role.DONG_HEAD
    )


def can_see_outreach_progress(principal: Principal) -> bool:
    """The progress figures (no names): every staff role, statistics roles included."""
    return principal.is_superuser or bool(principal.roles)
