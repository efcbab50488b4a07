"""One record of every kind a URL names, in each of two dongs: what the route-matrix test fills the paths with.

`build_records(world)` makes, for 월곡2동 (the dong of nearly every persona) and for 장위1동 (whose only staff is
its planner), a consent, a consultation, a referral, a case, a conference with an agenda item, a cohort target, a
home visit, a watched household, a zone walk with a photo, a finding, a desk shift, a notice, … — through the app
services where the dong has the staff to act, straight through the ORM otherwise. Each is keyed by the name of
the URL parameter that carries its id (`case_id`, `household_id`, …), so a new route with a known parameter is
filled without a change here; a route with an unknown one fails the matrix test until a record is added.

월곡2동's records are about 박순자's household, the one the tong leader 최통장 looks after (so the leader's pages
have a household of their own) and the planner 김하늘 is in charge of.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chatdong.access.principal import principal_for
from chatdong.cases import services as case_services
from chatdong.consult import services as consult_services
from chatdong.consult.models import DeskShift
from chatdong.core.models import Notice
from chatdong.meetings.models import AgendaItem, Meeting
from chatdong.org import services as org
from chatdong.org.models import Dong, NeighbourhoodLeader, StaffMember
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import Programme, Source
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.officers import activities, findings
from chatdong.outreach.officers.states import FindingKind
from chatdong.outreach.visits import cadence
from chatdong.outreach.visits.services import VisitInput, record_visit
from chatdong.registry.consents import record_consent
from chatdong.registry.models import Consent, EmergencyAccess, Household, LeaderAssignment, PendingMoveIn, Person
from chatdong.reports.privacy.review import last_month

from ..outreach.helpers import photo
from ..world import PASSWORD, World, load_world

TODAY = dt.date.today()

# The tong leader of 장위1동, made here: the world has none, and a leader's pages need one on the far side too.
JANGWI1_LEADER = "jangwi1.tongjang"

# Who opens a page or calls an operation in the tests that feed every route odd input (the hostile-input crawler,
# schemathesis): the first of these the route's door lets in, on 월곡2동's records.
VISITORS = [
    "wolgok2.planner", "wolgok2.supervisor", "wolgok2.desk", "wolgok2.officer", "wolgok2.coordinator",
    "wolgok2.nurse", "wolgok2.resources", "wolgok2.head", "wolgok2.tongjang", "district.hope", "district.auditor",
    "district.stats", "admin",
]  # fmt: skip


@dataclass
class Records:
    """Records by URL parameter name: `inside` in 월곡2동, `outside` in 장위1동."""

    inside: dict[str, Any]
    outside: dict[str, Any]


def _actor(username: str):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.get(username=username)
    return user, principal_for(user)


def _staff(username: str) -> StaffMember:
    return StaffMember.objects.get(user__username=username)


def _target(person: Person, planner: StaffMember) -> Target:
    """A 출산·양육가정 target from a birth registration (it has a letter to print) with a visit booked for
    tomorrow (the tong leader confirms it)."""
    consent = Consent.objects.create(
        person=person, kind=Consent.Kind.VISIT, scope="방문상담", given_on=TODAY, method=Consent.Method.PHONE
    )
    return Target.objects.create(
        programme=Programme.BIRTH_CHILDCARE, period_start=TODAY.replace(day=1), dong_id=person.household.dong_id,
        household=person.household, person=person, source=Source.BIRTH_REGISTRATION, planner=planner,
        status=TargetStatus.SCHEDULED, consent=consent, appointment_at=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip


def _dong_records(
    dong: Dong, household: Household, person: Person, worker: str, desk: str, leader: NeighbourhoodLeader, world: World
) -> dict[str, Any]:
    """The records of one dong, made by `worker` (a planner) and `desk` (who records consultations)."""
    user, principal = _actor(worker)
    desk_user, desk_principal = _actor(desk)
    worker_staff = _staff(worker)
    consent = record_consent(
        desk_user, desk_principal, person, kind=Consent.Kind.THIRD_PARTY, scope="복지서비스 연계", given_on=TODAY,
        method=Consent.Method.WRITTEN, agency_ids=[world.welfare_centre.pk],
    )  # fmt: skip
    consultation = consult_services.record_consultation(
        desk_user, desk_principal, person, channel="walk_in", summary="월세 체납으로 내방.",
        needs=[("economy", "월세 체납")],
    )  # fmt: skip
    # To the planner (an internal referral); 장위1동's planner is its own desk, so theirs goes to an agency.
    to = {"target": "internal", "to_staff": worker_staff} if desk != worker else {"target": "external",
          "to_agency": world.welfare_centre}  # fmt: skip
    referral = consult_services.refer(
        desk_user, desk_principal, person, domain="economy", reason="긴급지원 검토", consultation=consultation, **to
    )
    case = case_services.open_case(user, principal, person=person, source="desk", source_note="내방 종합상담")
    # Conferences are scheduled by the dong's supervisor; 장위1동 has none in the world, so its one is written down.
    meeting = Meeting.objects.create(
        district=dong.district, dong=dong, kind=Meeting.Kind.INTERNAL_CONFERENCE, schedule=Meeting.Schedule.AD_HOC,
        title=f"{dong.name} 사례회의", starts_at=timezone.now() + dt.timedelta(days=1), chair=worker_staff,
    )  # fmt: skip
    item = AgendaItem.objects.create(meeting=meeting, case=case, purpose="대상자 선정")
    target = _target(person, worker_staff)
    visit = record_visit(user, principal, person, VisitInput(visited_on=TODAY, summary="안부 확인", outcome="normal"))
    watch = cadence.watch_household(user, household, "integrated", worker_staff, TODAY, programme="care_crisis")
    zone = dong.zones.order_by("number").first()
    assert zone is not None
    if zone.officer_id is None:  # 장위1동: its planner walks zone 1
        zone.officer = worker_staff
        zone.save()
    assert zone.officer is not None
    officer_user, officer_principal = _actor(zone.officer.user.username)
    activity = activities.record_activity(
        officer_user, officer_principal, zone, occurred_on=TODAY, places="시장", photos=[photo()]
    )
    finding = findings.hand_over(
        officer_user, officer_principal, kind=FindingKind.CARE_NEEDED, description="끼니를 거르는 어르신",
        person=person, responsible=worker_staff,
    )  # fmt: skip
    shift = DeskShift.objects.create(dong=dong, staff=_staff(desk), day=TODAY, mode=DeskShift.Mode.DEDICATED)
    notice = Notice.objects.create(recipient=user, kind="test", message="알림")
    return {
        "household_id": household,
        "person_id": person,
        "consent_id": consent,
        "consultation_id": consultation,
        "referral_id": referral,
        "case_id": case,
        "meeting_id": meeting,
        "item_id": item,
        "target_id": target,
        "visit_id": visit,
        "watch_id": watch,
        "zone_id": zone,
        "tong_id": household.tong,
        "activity_id": activity,
        "photo_id": activity.photos.get(),
        "finding_id": finding,
        "shift_id": shift,
        "notice_id": notice,
        "staff_id": _staff(desk),
        "leader": leader,
    }


def build_records(world: World) -> Records:
    tongjang = NeighbourhoodLeader.objects.get(user__username="wolgok2.tongjang")
    far_leader = org.create_leader(
        name="장통장", kind=NeighbourhoodLeader.Kind.WELFARE_TONG_LEADER, tong=world.lee_household.tong,
        appointed_on=dt.date(2025, 3, 1), username=JANGWI1_LEADER, password=PASSWORD, phone="010-5555-0002",
    )  # fmt: skip
    LeaderAssignment.objects.create(household=world.lee_household, leader=far_leader, started_on=dt.date(2026, 1, 1))
    inside = _dong_records(
        world.wolgok2, world.park_household, world.park, "wolgok2.planner", "wolgok2.desk", tongjang, world
    )
    outside = _dong_records(
        world.jangwi1, world.lee_household, world.lee, "jangwi1.planner", "jangwi1.planner", far_leader, world
    )
    # A month of the access review (named in the URL as YYYY-MM): last month, whichever dong.
    inside["month"] = outside["month"] = SimpleNamespace(pk=f"{last_month(timezone.localdate()):%Y-%m}")
    inside["move_in_id"] = _move_in(world.lee, to=world.park_household)
    outside["move_in_id"] = _move_in(world.park, to=world.lee_household)
    inside["grant_id"] = _emergency(world.park_household, "wolgok2.nurse")
    outside["grant_id"] = _emergency(world.lee_household, "jangwi1.planner")
    return Records(inside, outside)


@contextmanager
def records_for_module(django_db_blocker) -> Iterator[Records]:  # type: ignore[no-untyped-def]
    """The records, made once for a test module inside a transaction rolled back at its end (whatever happens
    in between); each test runs in a savepoint within it (pytest-django's `db`)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            records = build_records(load_world())
        yield records
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _move_in(person: Person, to: Household) -> PendingMoveIn:
    """An import row waiting for the receiving dong's supervisor (전입 확인): `person` moving into `to`'s dong."""
    return PendingMoveIn.objects.create(
        person=person, rrn_encrypted=person.rrn_encrypted, rrn_hash=person.rrn_hash, rrn_prefix=person.rrn_prefix,
        name=person.name, relation="head", from_dong=person.household.dong, to_dong=to.dong,
        registry_no=f"MOVE-{person.pk}", tong=to.tong, road_address=to.road_address,
    )  # fmt: skip


def _emergency(household: Household, username: str) -> EmergencyAccess:
    """A running emergency access (break the glass), asked for by a staff member of the household's dong."""
    now = timezone.now()
    return EmergencyAccess.objects.create(
        household=household, dong=household.dong, staff=_staff(username), reason="긴급 방문을 위해 확인합니다.",
        started_at=now, expires_at=now + dt.timedelta(hours=24),
    )  # fmt: skip
