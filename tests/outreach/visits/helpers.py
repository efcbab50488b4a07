"""Cohort targets made straight through the ORM (the cohorts part generates them), and visit inputs."""

import datetime as dt

from chatdong.org.models import StaffMember
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import Programme, Source
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.visits.services import Companion, VisitInput
from chatdong.registry.models import Consent, Person

TODAY = dt.date.today()


def staff(username: str) -> StaffMember:
    return StaffMember.objects.get(user__username=username)


def target(
    person: Person,
    programme: str = Programme.TURNING_65,
    status: str = TargetStatus.CONSENTED,
    planner: str = "wolgok2.planner65",
    consent: bool = True,
) -> Target:
    """A target of this month's list, consented (a VISIT consent recorded) unless told otherwise."""
    household = person.household
    visit_consent = None
    if consent:
        visit_consent = Consent.objects.create(
            person=person, kind=Consent.Kind.VISIT, scope="방문상담", given_on=TODAY - dt.timedelta(days=3),
            method=Consent.Method.PHONE,
        )  # fmt: skip
    return Target.objects.create(
        programme=programme, period_start=TODAY.replace(day=1), dong_id=household.dong_id, household=household,
        person=person, source=Source.REGISTRY, planner=staff(planner), status=status, consent=visit_consent,
    )  # fmt: skip


def joint_visit_with_nurse(**changes: object) -> VisitInput:
    """The 65 visit of the story: with the nurse, depression screening over the threshold, 관리대상군."""
    data = VisitInput(
        visited_on=TODAY,
        summary="혼자 식사를 거르는 날이 많고 우울감을 호소함. 기초연금 신청 안내.",
        outcome="managed",
        classification="simple_health",
        companions=[Companion(staff=staff("wolgok2.nurse"), role="방문간호사")],
        services_explained=["basic_pension", "health_checkup"],
        needs=[("health", "우울·만성질환 관리")],
        screenings={"depression": 10, "cognitive": 26, "chronic": 1},
        tier="service",
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data
