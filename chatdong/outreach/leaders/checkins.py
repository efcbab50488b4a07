"""Tong leaders' work (복지 통·반장): check-ins that move a watched household's due date, crises reported as
findings for the planner, visit appointments confirmed, and the 1:1 matching of a leader with an elder living
alone at a check-in frequency. Officers may record on a leader's behalf.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from chatdong.access import audit
from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal
from chatdong.access.scopes import active_on
from chatdong.core import notices
from chatdong.core.text import limit, too_long
from chatdong.core.types import Actor
from chatdong.core.unique import only_one
from chatdong.org.models import NeighbourhoodLeader, Zone
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.officers import findings
from chatdong.outreach.officers.models import Finding
from chatdong.outreach.officers.states import FindingKind
from chatdong.outreach.visits import cadence
from chatdong.outreach.visits.models import MonitoringContact, WatchedHousehold
from chatdong.registry import rules as registry_rules
from chatdong.registry.models import Flag, Household, LeaderAssignment, Person

from . import rules
from .models import CheckIn

MAX_EVERY_DAYS = 90
ELDER_AGE = 65


def _last_check_in() -> Subquery:
    """The date of the assignment's leader's latest check-in at its household (an annotation)."""
    mine = CheckIn.objects.filter(household_id=OuterRef("household_id"), leader_id=OuterRef("leader_id"))
    return Subquery(mine.order_by().values("household_id").annotate(day=Max("checked_on")).values("day")[:1])


def assignments_of(leader: NeighbourhoodLeader, today: dt.date | None = None) -> QuerySet[LeaderAssignment]:
    """The leader's households today, each with the date of the leader's last check-in there."""
    today = today or dt.date.today()
    return (
        LeaderAssignment.objects.filter(active_on(today), leader=leader)
        .select_related("household__tong", "matched_person")
        .annotate(last_check_in=_last_check_in())
        .order_by("household__tong__number", "household__road_address", "pk")
    )


def assignment_for(leader: NeighbourhoodLeader, household: Household) -> LeaderAssignment:
    """The leader's active assignment of the household; otherwise the household "does not exist" for them."""
    found = LeaderAssignment.objects.filter(active_on(dt.date.today()), leader=leader, household=household).first()
    if found is None:
        raise OutOfScope("household", household.pk)
    return found


def head_of(household: Household) -> Person | None:
    members = household.members.filter(moved_out_on__isnull=True, died_on__isnull=True)
    return members.filter(relation=Person.Relation.HEAD).first() or members.order_by("pk").first()


# --- Check-ins and crises ----------------------------------------------------------------------------


@transaction.atomic
def record_check_in(
    user: Actor,
    principal: Principal,
    leader: NeighbourhoodLeader,
    household: Household,
    *,
    method: str,
    condition: str,
    note: str = "",
    checked_on: dt.date | None = None,
) -> CheckIn:
    """안부확인: recorded for the household; a watched household's next due date moves; a concern tells the
    household's planner; a crisis becomes a finding for the zone's poverty-crisis planner."""
    recorded_by = rules.recorded_by(principal, leader)
    assignment_for(leader, household)
    today = dt.date.today()
    checked_on = checked_on or today
    note = (note or "").strip()
    errors: list[str] = []
    if method not in CheckIn.CheckInMethod.values:
        errors.append("확인 방법(방문·전화)을 고르세요.")
    if condition not in CheckIn.Condition.values:
        errors.append("상태(이상 없음·살펴볼 점 있음·위기)를 고르세요.")
    if checked_on > today:
        errors.append("확인일은 오늘 이후일 수 없습니다.")
    elif checked_on < today - dt.timedelta(days=31):
        errors.append("한 달보다 지난 안부확인은 기록할 수 없습니다. 담당 주무관에게 알려 주세요.")
    if condition in (CheckIn.Condition.CONCERN, CheckIn.Condition.CRISIS) and not note:
        errors.append("살펴볼 점이나 위기 상황을 내용에 적어 주세요.")
    if len(note) > (most := limit(CheckIn, "note")):
        errors.append(too_long("내용", most, len(note)))
    if errors:
        raise ValidationError(errors)
    check_in = CheckIn.objects.create(
        leader=leader, household=household, checked_on=checked_on, method=method, condition=condition, note=note,
        recorded_by=recorded_by,
    )  # fmt: skip
    audit.record_created(
        user, check_in, ["leader", "household", "checked_on", "method", "condition", "recorded_by"], household.pk
    )
    cadence.record_contact(
        user, household, checked_on, MonitoringContact.Method.LEADER_CHECK_IN, staff=recorded_by, leader=leader,
        note=note[:300],
    )  # fmt: skip
    if condition == CheckIn.Condition.CRISIS:
        check_in.finding = report_crisis(user, principal, leader, household, description=note)
        check_in.save(update_fields=["finding"])
    elif condition == CheckIn.Condition.CONCERN:
        watch = cadence.open_watch(household)
        if watch is not None:
            watch = WatchedHousehold.objects.select_related("planner__user").get(pk=watch.pk)
            notices.send(
                [watch.planner.user], "check_in_concern",
                f"{leader.name} 통·반장 안부확인({checked_on:%m/%d}): 살펴볼 점 있음 — {note[:100]}",
            )  # fmt: skip
    return check_in


def report_crisis(
    user: Actor, principal: Principal, leader: NeighbourhoodLeader, household: Household, *, description: str
) -> Finding:
    """위기 신고: a care-needed finding about the household for the zone's poverty-crisis planner."""
    rules.recorded_by(principal, leader)
    assignment_for(leader, household)
    person = head_of(household)
    subject = f"{person.name} ({household})" if person else str(household)
    return findings.hand_over(
        user, principal, kind=FindingKind.CARE_NEEDED, description=description, subject=subject[:100],
        person=person, leader=leader,
    )  # fmt: skip


# --- Visit appointments --------------------------------------------------------------------------------


def appointments_to_confirm(leader: NeighbourhoodLeader, today: dt.date | None = None) -> QuerySet[Target]:
    """Booked visits from today on in the leader's households (the planner comes; the leader checks the date)."""
    today = today or dt.date.today()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    households = LeaderAssignment.objects.filter(active_on(today), leader=leader).values("household_id")
    return (
        Target.objects.filter(household_id__in=households, status=TargetStatus.SCHEDULED, appointment_at__gte=start)
        .select_related("person", "planner", "household")
        .order_by("appointment_at", "pk")
    )


@transaction.atomic
def confirm_appointment(user: Actor, principal: Principal, leader: NeighbourhoodLeader, target: Target) -> Target:
    """The leader has called on the household and the booked date stands (사전 방문희망일자 확인)."""
    rules.recorded_by(principal, leader)
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("household", "planner__user", "person")
        .get(pk=target.pk)
    )
    assignment_for(leader, target.household)
    if target.status != TargetStatus.SCHEDULED or target.appointment_at is None:
        raise ValidationError("방문 예약이 잡힌 대상만 확인할 수 있습니다.")
    if timezone.localtime(target.appointment_at).date() < dt.date.today():
        raise ValidationError("이미 지난 방문 예약입니다.")
    if target.appointment_confirmed_on is not None:
        raise ValidationError(f"{target.appointment_confirmed_on:%Y-%m-%d}에 이미 확인한 예약입니다.")
    target.appointment_confirmed_on = dt.date.today()
    target.appointment_confirmed_by = leader
    target.save(update_fields=["appointment_confirmed_on", "appointment_confirmed_by", "updated_at"])
    audit.record(
        user, "update", target,
        {"appointment_confirmed_on": [None, str(target.appointment_confirmed_on)],
         "appointment_confirmed_by": [None, leader.pk]},
        target.household_id,
    )  # fmt: skip
    if target.planner is not None:
        when = timezone.localtime(target.appointment_at)
        notices.send(
            [target.planner.user], "appointment_confirmed",
            f"{leader.name} 통·반장이 {target.person.name}님 방문 예약({when:%m/%d %H:%M})을 확인했습니다.",
        )  # fmt: skip
    return target


# --- 1:1 matching with elders living alone ------------------------------------------------------------


def _lives_alone(person: Person, today: dt.date) -> bool:
    flagged = person.flags.filter(kind=Flag.LIVING_ALONE_ELDER, started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    alone = person.household.members.filter(moved_out_on__isnull=True, died_on__isnull=True).count() == 1
    return flagged.exists() or alone


@transaction.atomic
def match(
    user: Actor, principal: Principal, leader: NeighbourhoodLeader, person: Person, *, every_days: int
) -> LeaderAssignment:
    """1:1 결연: the leader looks after this elder living alone and checks in every `every_days` days."""
    rules.require_match(principal, leader)
    household = person.household
    registry_rules.require_edit_household(principal, household)
    today = dt.date.today()
    errors: list[str] = []
    if household.dong_id != leader.dong_id:
        errors.append(f"{person.name}님은 {leader.name} 통·반장과 다른 동 주민입니다.")
    if not person.is_current_member:
        errors.append(f"{person.name}님은 전출 또는 사망 처리된 주민입니다.")
    elif person.age_on(today) < ELDER_AGE or not _lives_alone(person, today):
        errors.append(
            f"{person.name}님은 홀몸어르신(만 {ELDER_AGE}세 이상 1인 가구)이 아니어서 1:1 결연 대상이 아닙니다."
        )
    if not isinstance(every_days, int) or not 1 <= every_days <= MAX_EVERY_DAYS:
        errors.append(f"안부확인 주기는 1~{MAX_EVERY_DAYS}일로 입력하세요.")
    other = (
        LeaderAssignment.objects.filter(active_on(today), matched_person=person)
        .exclude(leader=leader)
        .select_related("leader")
        .first()
    )
    if other is not None:
        errors.append(f"{person.name}님은 이미 {other.leader.name} 통·반장과 결연되어 있습니다.")
    if errors:
        raise ValidationError(errors)
    # Another leader matching the same elder at the same moment: the one-open-match constraint keeps one.
    already = f"{person.name}님은 이미 다른 통·반장과 결연되어 있습니다."
    assignment = LeaderAssignment.objects.filter(active_on(today), leader=leader, household=household).first()
    if assignment is None:
        with only_one(LeaderAssignment, already):
            assignment = LeaderAssignment.objects.create(
                household=household, leader=leader, started_on=today, matched_person=person,
                check_in_every_days=every_days,
            )  # fmt: skip
        audit.record_created(
            user, assignment, ["household", "leader", "started_on", "matched_person", "check_in_every_days"],
            household.pk,
        )  # fmt: skip
        return assignment
    before = audit.snapshot(assignment, ["matched_person", "check_in_every_days"])
    assignment.matched_person = person
    assignment.check_in_every_days = every_days
    with only_one(LeaderAssignment, already):
        assignment.save(update_fields=["matched_person", "check_in_every_days"])
    changes = audit.diff(before, audit.snapshot(assignment, ["matched_person", "check_in_every_days"]))
    if changes:
        audit.record(user, "update", assignment, changes, household.pk)
    return assignment


@dataclass
class Match:
    assignment: LeaderAssignment
    last_check_in: dt.date | None
    due_on: dt.date
    overdue: bool


def matches(zone: Zone, today: dt.date | None = None) -> list[Match]:
    """The zone's 1:1 matches with the last check-in and when the next is due (one query; a zone has tens)."""
    today = today or dt.date.today()
    rows = (
        LeaderAssignment.objects.filter(
            active_on(today),
            household__tong__zone=zone,
            matched_person__isnull=False,
            check_in_every_days__isnull=False,
        )
        .select_related("leader", "matched_person", "household__tong")
        .annotate(last_check_in=_last_check_in())
        .order_by("leader__name", "household__road_address", "pk")
    )
    result = []
    for row in rows:
        since = row.last_check_in or row.started_on  # type: ignore[attr-defined]
        due = since + dt.timedelta(days=row.check_in_every_days or 0)
        result.append(Match(row, row.last_check_in, due, due < today))  # type: ignore[attr-defined]
    result.sort(key=lambda m: (not m.overdue, m.due_on))
    return result
