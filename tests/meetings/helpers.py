"""Cases at a given stage and conferences, built through the services as the personas would."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from chatdong.access.principal import principal_for
from chatdong.cases import services as case_services
from chatdong.cases.models import Case, Goal
from chatdong.cases.states import Selection
from chatdong.meetings import services
from chatdong.meetings.models import Meeting
from chatdong.org.models import StaffMember
from chatdong.registry.models import Person

TODAY = dt.date.today()


def actor(username: str):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.get(username=username)
    return user, principal_for(user)


def staff(username: str) -> StaffMember:
    return StaffMember.objects.get(user__username=username)


def open_case(person: Person, username: str = "wolgok2.planner") -> Case:
    user, principal = actor(username)
    return case_services.open_case(user, principal, person=person, source="desk", source_note="내방 종합상담")


def assessed_case(person: Person, username: str = "wolgok2.planner") -> Case:
    case = open_case(person, username)
    user, principal = actor(username)
    case_services.record_assessment(
        user, principal, case, assessed_on=TODAY, urgency=2, importance=3, summary="실직 후 월세 체납",
        needs=[("economy", "월세 체납"), ("employment", "구직")],
    )  # fmt: skip
    case.refresh_from_db()
    return case


def case_with_plan(person: Person) -> Case:
    """Selected as a managed case by the supervisor, with a plan written and not yet approved."""
    case = assessed_case(person)
    suser, supervisor = actor("wolgok2.supervisor")
    case_services.decide_selection(suser, supervisor, case, selection=Selection.MANAGED, decided_on=TODAY)
    puser, planner = actor("wolgok2.planner")
    case_services.write_plan(
        puser, planner, case, written_on=TODAY, summary="주거 안정",
        goals=[case_services.GoalInput(Goal.Term.LONG, "자립"), case_services.GoalInput(Goal.Term.SHORT, "체납 해소")],
        services=[case_services.ServiceInput("economy", "긴급지원 생계비")],
    )  # fmt: skip
    case.refresh_from_db()
    return case


def conference(
    kind: str = Meeting.Kind.INTERNAL_CONFERENCE,
    *,
    username: str = "wolgok2.supervisor",
    starts_at: dt.datetime | None = None,
    schedule: str = Meeting.Schedule.AD_HOC,
    title: str = "월곡2동 사례회의",
) -> Meeting:
    user, principal = actor(username)
    return services.schedule_meeting(
        user, principal, kind=kind, schedule=schedule, dong=staff("wolgok2.supervisor").dong, title=title,
        starts_at=starts_at or timezone.now() - dt.timedelta(hours=1), place="동주민센터 2층 회의실",
        chair=staff("wolgok2.supervisor"),
    )  # fmt: skip
