"""Making cases in a test: many at once (for query counts and the summary), or one walked by the services."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model

from chatdong.access.principal import principal_for
from chatdong.cases import services
from chatdong.cases.models import Case, Goal
from chatdong.cases.states import Selection, Stage
from chatdong.org.models import Dong, StaffMember
from chatdong.registry.models import Household, Person

from ..registry.helpers import add_households

TODAY = dt.date.today()


def actor(username):
    user = get_user_model().objects.get(username=username)
    return user, principal_for(user)


_serial = itertools.count(1)


def add_cases(dong: Dong, count: int, *, members: int = 2, **fields) -> list[Case]:
    """`count` cases, each in a new household of `members` people, worked by the dong's planner.

    Each case's person (the head) gets a name of its own, 대상자1, 대상자2, …"""
    worker = StaffMember.objects.get(user__username=fields.pop("worker", "wolgok2.planner"))
    households: list[Household] = add_households(dong, count, members=members)
    heads = {h.pk: h.members.order_by("id").first() for h in households}
    for head in heads.values():
        head.name = f"대상자{next(_serial)}"
    Person.objects.bulk_update(heads.values(), ["name"])
    defaults = {"source": "desk", "stage": Stage.INTAKE, "opened_on": TODAY}
    defaults.update(fields)
    return Case.objects.bulk_create(
        Case(household=h, person=heads[h.pk], dong=dong, worker=worker, **defaults) for h in households
    )


def case_in_service(world, person=None):
    """김영희's case (or `person`'s) taken by the services to 서비스 제공·점검 with an approved plan."""
    user, planner = actor("wolgok2.planner")
    case = services.open_case(user, planner, person=person or world.kim, source="desk", source_note="내방 종합상담")
    services.record_assessment(
        user, planner, case, assessed_on=TODAY, urgency=2, importance=2, summary="실직 후 월세 체납",
        needs=[("economy", "월세 체납"), ("employment", "구직")],
    )  # fmt: skip
    suser, supervisor = actor("wolgok2.supervisor")
    services.decide_selection(suser, supervisor, case, selection=Selection.MANAGED, decided_on=TODAY)
    plan = services.write_plan(
        user, planner, case, written_on=TODAY, summary="주거 안정",
        goals=[services.GoalInput(Goal.Term.LONG, "자립"), services.GoalInput(Goal.Term.SHORT, "체납 해소")],
        services=[services.ServiceInput("economy", "긴급지원 생계비")],
    )  # fmt: skip
    services.approve_plan(suser, supervisor, case, plan)
    case.refresh_from_db()
    return case
