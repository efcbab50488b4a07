"""Findings handed over in one step after an officer's zone walk or by a tong leader, and the notice back.

Routing follows seed 000 (우리동네주무관 활동 후 조치): a person needing care goes to the zone's poverty-crisis
planner (as a discovery on the 빈곤위기가정 list, or straight to a case intake); a person able to help goes to
the resource manager; an administrative complaint goes to the responsible officer chosen by whoever heard it.
The receiver records the result; the complainant (or the helper) must have been told before it is done, and
whoever raised the finding is notified.
"""

import datetime as dt
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from chatdong.access import audit
from chatdong.access.errors import OutOfScope, require
from chatdong.access.principal import Principal
from chatdong.cases import services as case_services
from chatdong.cases.models import Source as CaseSource
from chatdong.core import notices
from chatdong.core.links import finding_url
from chatdong.core.text import clean_text as _text
from chatdong.core.text import limit, too_long
from chatdong.core.types import Actor
from chatdong.org.models import Dong, NeighbourhoodLeader, StaffMember
from chatdong.org.planners import planner_for
from chatdong.org.roles import PlannerSpeciality, Role
from chatdong.outreach.cohorts import targets
from chatdong.outreach.cohorts.programmes import Source
from chatdong.registry import rules as registry_rules
from chatdong.registry.models import Household, Person

from . import rules
from .models import Finding, OfficerActivity
from .states import FINDING_TRANSITIONS, FindingKind, FindingStatus

FINDING_FIELDS = [
    "dong", "kind", "activity", "raised_by", "raised_by_leader", "household", "person", "subject", "routed_to",
    "status", "target", "case",
]  # fmt: skip
# Kinds whose person is told what was done before the finding is closed (민원인, 나눔이웃 당사자).
TELL_BEFORE_DONE = frozenset({FindingKind.COMPLAINT, FindingKind.HELPER})


# --- Who receives what -------------------------------------------------------------------------------


def zone_poverty_planner(dong_id: int, zone_id: int | None) -> StaffMember | None:
    """The 빈곤위기가정 planner of a zone (a finding may name someone not in the registry)."""
    return planner_for(dong_id, zone_id, PlannerSpeciality.POVERTY_CRISIS)


def resource_manager(dong_id: int) -> StaffMember | None:
    return (
        StaffMember.objects.filter(dong_id=dong_id, roles__role=Role.RESOURCE_MANAGER)
        .distinct()
        .order_by("name", "pk")
        .first()
    )


def responsible_candidates(dong: Dong) -> list[StaffMember]:
    """Who an administrative complaint may go to: the dong's staff and the district office's (구 민원 담당)."""
    return list(
        StaffMember.objects.filter(Q(dong=dong) | Q(dong__isnull=True, district_id=dong.district_id))
        .select_related("dong")
        .order_by(F("dong_id").asc(nulls_last=True), "name", "pk")
    )


def _zone_for(household: Household | None, activity: OfficerActivity | None, leader: NeighbourhoodLeader | None):  # type: ignore[no-untyped-def]
    if household is not None and household.tong.zone_id:
        return household.tong.zone_id
    if activity is not None:
        return activity.zone_id
    if leader is not None and leader.tong_id and leader.tong.zone_id:  # type: ignore[union-attr]
        return leader.tong.zone_id  # type: ignore[union-attr]
    return None


def _route(kind: str, dong: Dong, zone_id: int | None, responsible: StaffMember | None) -> StaffMember:
    if kind == FindingKind.CARE_NEEDED:
        planner = zone_poverty_planner(dong.pk, zone_id)
        if planner is None:
            raise ValidationError(
                f"{dong.name}에 빈곤위기가정 복지플래너가 없어 전달할 수 없습니다. 구역·역할 관리에서 먼저 지정하세요."
            )
        return planner
    if kind == FindingKind.HELPER:
        manager = resource_manager(dong.pk)
        if manager is None:
            raise ValidationError(f"{dong.name}에 자원관리담당자가 없어 전달할 수 없습니다. 먼저 지정하세요.")
        return manager
    if responsible is None:
        raise ValidationError("생활민원을 처리할 담당 직원을 고르세요.")
    if responsible.pk not in {s.pk for s in responsible_candidates(dong)}:
        raise ValidationError(f"{responsible.name}은(는) 이 동이나 구청의 직원이 아니어서 민원을 받을 수 없습니다.")
    return responsible


# --- Handing over ------------------------------------------------------------------------------------


@transaction.atomic
def hand_over(
    user: Actor,
    principal: Principal,
    *,
    kind: str,
    description: str,
    subject: str = "",
    dong: Dong | None = None,
    person: Person | None = None,
    activity: OfficerActivity | None = None,
    responsible: StaffMember | None = None,
    leader: NeighbourhoodLeader | None = None,
    intake: bool = False,
) -> Finding:
    """Record a finding and hand it over in one step: routed, the receiver notified, a person needing care
    put on the 빈곤위기가정 list (or, with `intake`, a case opened for the planner).

    A tong leader raises findings about their own households; staff raise them in their dong, optionally
    on a tong leader's behalf (`leader`).
    """
    errors: list[str] = []
    if kind not in FindingKind.values:
        raise ValidationError("발굴 구분(돌봄이웃·나눔이웃·생활민원)을 고르세요.")
    rules.HAND_OVER.require_admitted(principal)
    if kind != FindingKind.CARE_NEEDED:
        rules.HAND_OVER_OTHERS.require_admitted(principal)
    if intake:
        rules.INTAKE.require_admitted(principal)
    if principal.is_leader:  # a tong leader raises findings as themself
        leader = principal.leader
    household = person.household if person is not None else None
    if household is not None:
        if not registry_rules.households_visible_to(principal).filter(pk=household.pk).exists():
            raise OutOfScope("household", household.pk)
        if not person.is_current_member:  # type: ignore[union-attr]
            errors.append(f"{person.name}님은 전출 또는 사망 처리된 주민입니다.")  # type: ignore[union-attr]
        dong = household.dong
    elif activity is not None:
        dong = activity.zone.dong
    elif leader is not None:
        dong = leader.dong
    elif dong is None and principal.staff is not None:
        dong = principal.staff.dong
    if dong is None:
        raise ValidationError("발굴한 동을 알 수 없습니다.")
    require(rules.HAND_OVER.allows(principal, dong.pk), rules.OTHER_DONG)
    if leader is not None and leader.dong_id != dong.pk:
        errors.append(f"{leader.name} 통·반장은 {dong.name} 소속이 아닙니다.")
    if activity is not None and activity.zone.dong_id != dong.pk:
        errors.append("활동 기록과 발굴 대상의 동이 다릅니다.")
    if intake and (kind != FindingKind.CARE_NEEDED or person is None):
        errors.append("사례관리 접수는 주민등록에 있는 돌봄이웃을 고른 경우에만 할 수 있습니다.")
    if not subject and person is not None:
        subject = f"{person.name} ({household})"
    try:
        subject = _text(subject, "대상(이름·위치)", limit(Finding, "subject"))
    except ValidationError as exc:
        errors.extend(exc.messages)
    try:
        description = _text(description, "내용", limit(Finding, "description"))
    except ValidationError as exc:
        errors.extend(exc.messages)
    zone_id = _zone_for(household, activity, leader)
    try:
        routed_to = _route(kind, dong, zone_id, responsible)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)

    finding = Finding.objects.create(
        dong=dong, kind=kind, activity=activity, raised_by_id=cast(int, user.pk), raised_by_leader=leader,
        household=household, person=person, subject=subject, description=description, routed_to=routed_to,
    )  # fmt: skip
    if kind == FindingKind.CARE_NEEDED and person is not None:
        source = Source.LEADER if leader is not None else Source.OFFICER
        finding.target, _new = targets.list_discovery(
            user, person, source=source, reason=finding.description, planner=routed_to
        )
        if intake:
            finding.case = case_services.open_case(
                user, principal, person=person, source=CaseSource.OFFICER, source_note=f"발굴 #{finding.pk}",
                worker=routed_to,
            )  # fmt: skip
        finding.save(update_fields=["target", "case"])
    audit.record_created(user, finding, FINDING_FIELDS, finding.household_id)
    who = leader.name if leader is not None else (principal.staff.name if principal.staff else user.get_username())
    notices.send(
        [routed_to.user], "finding",
        f"{who}님이 {FindingKind(kind).label}을(를) 전달했습니다: {subject}", url=finding_url(finding.pk),
    )  # fmt: skip
    return finding


# --- The receiver's result and the notice back ----------------------------------------------------------


def _locked(principal: Principal, finding: Finding) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    rules.HANDLE.require(principal, finding)
    return finding


def _move(user: Actor, finding: Finding, status: str, extra: dict[str, object]) -> None:
    if status not in FINDING_TRANSITIONS[FindingStatus(finding.status)]:
        raise ValidationError(f"'{finding.get_status_display()}' 상태에서는 할 수 없습니다.")
    before = finding.status
    finding.status = status
    finding.save()
    audit.record(user, "update", finding, {"status": [before, status], **extra}, finding.household_id)


@transaction.atomic
def start(user: Actor, principal: Principal, finding: Finding) -> Finding:
    finding = _locked(principal, finding)
    _move(user, finding, FindingStatus.IN_PROGRESS, {})
    return finding


def _raisers(finding: Finding) -> tuple[list, list]:  # type: ignore[type-arg]
    """Whoever raised the finding, as (staff, leader): the user who recorded it and, if for a leader, the leader."""
    leader = finding.raised_by_leader
    leader_user = leader.user if leader is not None else None
    if leader_user is not None and leader_user.pk == finding.raised_by_id:
        return [], [leader_user]
    return [finding.raised_by], [leader_user] if leader_user is not None else []


@transaction.atomic
def complete(
    user: Actor,
    principal: Principal,
    finding: Finding,
    *,
    result: str,
    told_on: dt.date | None = None,
    told_how: str = "",
) -> Finding:
    """처리완료: the result, and for a complaint or a helper when and how the person was told; whoever raised
    the finding gets a notice with the result."""
    finding = _locked(principal, finding)
    errors: list[str] = []
    try:
        result = _text(result, "처리 결과", limit(Finding, "result"))
    except ValidationError as exc:
        errors.extend(exc.messages)
    told_how = (told_how or "").strip()
    if finding.kind in TELL_BEFORE_DONE:
        who = "민원인" if finding.kind == FindingKind.COMPLAINT else "당사자(나눔이웃)"
        if told_on is None or not told_how:
            errors.append(f"{who}에게 알린 날짜와 방법을 입력하세요.")
    if told_on is not None and told_on > dt.date.today():
        errors.append("회신일은 오늘 이후일 수 없습니다.")
    if len(told_how) > (most := limit(Finding, "complainant_told_how")):
        errors.append(too_long("회신 방법", most, len(told_how)))
    if errors:
        raise ValidationError(errors)
    finding.result = result
    finding.handled_on = dt.date.today()
    finding.complainant_told_on = told_on
    finding.complainant_told_how = told_how
    told = str(told_on) if told_on else None
    _move(user, finding, FindingStatus.DONE, {"handled_on": [None, str(finding.handled_on)], "told_on": [None, told]})
    finding = Finding.objects.select_related("raised_by", "raised_by_leader__user", "routed_to").get(pk=finding.pk)
    message = f"전달하신 {finding.get_kind_display()} '{finding.subject}' 처리 완료({finding.routed_to.name})"
    staff, leaders = _raisers(finding)
    notices.send(staff, "finding_result", f"{message}: {result}", url=finding_url(finding.pk))
    # A tong leader learns that it was handled, not the result (it may name a benefit or a case).
    notices.send(leaders, "finding_result", message, url=finding_url(finding.pk))
    return finding


@transaction.atomic
def open_case(user: Actor, principal: Principal, finding: Finding) -> Finding:
    """The planner takes a care-needed finding straight into case management (접수)."""
    finding = _locked(principal, finding)
    if finding.kind != FindingKind.CARE_NEEDED or finding.person is None:
        raise ValidationError("사례관리 접수는 주민등록에 있는 돌봄이웃 발굴에서만 할 수 있습니다.")
    if finding.case_id:
        raise ValidationError(f"이미 사례(#{finding.case_id})로 접수했습니다.")
    case = case_services.open_case(
        user, principal, person=finding.person, source=CaseSource.OFFICER, source_note=f"발굴 #{finding.pk}"
    )
    finding.case = case
    finding.save(update_fields=["case", "updated_at"])
    audit.record(user, "update", finding, {"case": [None, case.pk]}, finding.household_id)
    if finding.status == FindingStatus.HANDED_OVER:
        _move(user, finding, FindingStatus.IN_PROGRESS, {})
    return finding
