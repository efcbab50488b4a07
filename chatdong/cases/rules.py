"""Who may see a case, work on it, supervise it and read its notes."""

from django.db.models import Q, QuerySet

from chatdong.access.errors import Forbidden, OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.scopes import staff_scoped
from chatdong.org.roles import Role

from .models import Case


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
