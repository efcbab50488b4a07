"""Reads of home visits and monitored households, always scoped by their rules (`rules.py`); lists cost a fixed
number of queries whatever their length."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from chatdong.access.principal import Principal
from chatdong.registry.models import Person

from . import rules
from .models import Visit, WatchedHousehold

WEEK = 7


@dataclass(frozen=True)
class VisitFilter:
    month: dt.date | None = None  # first day of the month
    team: str = ""
    outcome: str = ""
    mine: bool = False


def visit_list(principal: Principal, f: VisitFilter) -> QuerySet[Visit]:
    qs = rules.VIEW.scope(principal, Visit.objects.select_related("person", "visitor", "household__tong", "target"))
    if f.month:
        following = (f.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        qs = qs.filter(visited_on__gte=f.month, visited_on__lt=following)
    if f.team:
        qs = qs.filter(team=f.team)
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    if f.mine and principal.staff is not None:
        qs = qs.filter(visitor_id=principal.staff.pk)
    return qs.order_by("-visited_on", "-id")


@dataclass
class VisitDetail:
    visit: Visit
    companions: list
    needs: list
    members_present: list
    links: list
    screenings: list
    sensitive_visible: bool

    @property
    def shows_sensitive(self) -> bool:
        """Whether the page shows health or abuse records (민감정보), which the access log must say."""
        return self.sensitive_visible and bool(self.screenings or self.visit.abuse_sign)


def visit_detail(principal: Principal, visit_id: int) -> VisitDetail:
    visit = rules.get_visit(principal, visit_id)
    sensitive = rules.SENSITIVE.allows(principal, visit)
    return VisitDetail(
        visit=visit,
        companions=list(visit.companions.select_related("staff", "leader", "agency")),
        needs=list(visit.needs.all()),
        members_present=list(visit.members_present.all()),
        links=list(visit.links.select_related("agency", "programme")),
        screenings=list(visit.screenings.select_related("screened_by")) if sensitive else [],
        sensitive_visible=sensitive,
    )


@dataclass(frozen=True)
class WatchFilter:
    mine: bool = True
    due: str = ""  # "overdue", "week" or everything
    tier: str = ""
    programme: str = ""


DUE_FILTERS = [("", "전체"), ("overdue", "기한 지남"), ("week", "7일 안에 예정")]


def with_head_name(qs: QuerySet[WatchedHousehold]) -> QuerySet[WatchedHousehold]:
    """Each watch with the name of its household's head (in the same query), for lists."""
    heads = Person.objects.filter(
        household_id=OuterRef("household_id"), moved_out_on__isnull=True, died_on__isnull=True
    ).order_by("pk")
    head = heads.filter(relation=Person.Relation.HEAD)
    return qs.annotate(head_name=Subquery(head.values("name")[:1]), any_name=Subquery(heads.values("name")[:1]))


def watch_list(principal: Principal, f: WatchFilter, today: dt.date) -> QuerySet[WatchedHousehold]:
    qs = rules.watches_visible_to(principal).filter(ended_on__isnull=True)
    if f.mine and principal.staff is not None:
        qs = qs.filter(planner_id=principal.staff.pk)
    if f.due == "overdue":
        qs = qs.filter(next_due_on__lt=today)
    elif f.due == "week":
        qs = qs.filter(next_due_on__range=(today, today + dt.timedelta(days=WEEK)))
    if f.tier:
        qs = qs.filter(tier=f.tier)
    if f.programme:
        qs = qs.filter(programme=f.programme)
    return with_head_name(qs.select_related("household__tong", "planner")).order_by("next_due_on", "pk")


def watch_contacts(watch: WatchedHousehold) -> list:
    return list(watch.contacts.select_related("staff", "leader")[:50])
