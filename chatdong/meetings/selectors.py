"""Reading meetings under `meetings.rules`: the list pages, a meeting's detail in a fixed number of queries,
the user's upcoming meetings and the dongs that have no regular conference this month."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from chatdong.access.principal import Principal
from chatdong.access.rules import fetch
from chatdong.cases.models import ServicePlan
from chatdong.core.dates import add_months
from chatdong.org.models import Dong

from . import rules
from .models import AgendaItem, Attendee, Meeting

CONFERENCE_KINDS = (Meeting.Kind.INTERNAL_CONFERENCE, Meeting.Kind.INTEGRATED_CONFERENCE)
UPCOMING_DAYS = 14


def day_start(day: dt.date) -> dt.datetime:
    """Midnight of a day in the local time zone, as an aware datetime for comparing with `starts_at`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def meeting_list(principal: Principal, *, upcoming: bool, today: dt.date) -> QuerySet[Meeting]:
    """Upcoming: planned from today on, soonest first. Past: everything else, latest first."""
    qs = rules.meetings_visible_to(principal).select_related("dong", "chair").annotate(agenda_count=Count("agenda"))
    coming = Q(status=Meeting.Status.PLANNED, starts_at__gte=day_start(today))
    if upcoming:
        return qs.filter(coming).order_by("starts_at", "id")
    return qs.exclude(coming).order_by("-starts_at", "-id")


def upcoming_for(principal: Principal, today: dt.date, days: int = UPCOMING_DAYS) -> QuerySet[Meeting]:
    """Meetings of the next `days` days the user takes part in (see `rules.taking_part`)."""
    return (
        rules.meetings_visible_to(principal)
        .filter(
            rules.taking_part(principal),
            status=Meeting.Status.PLANNED,
            starts_at__gte=day_start(today),
            starts_at__lt=day_start(today + dt.timedelta(days=days + 1)),
        )
        .select_related("dong", "chair")
        .order_by("starts_at", "id")
    )


@dataclass
class MeetingDetail:
    meeting: Meeting
    attendees: list[Attendee]
    agenda: Sequence[AgendaItem]

    @property
    def agency_attendees(self) -> list[Attendee]:
        return [a for a in self.attendees if a.agency_id and a.attended]


def meeting_detail(principal: Principal, meeting_id: int) -> MeetingDetail:
    """The meeting, its attendees and its agenda with each case: three queries whatever the size."""
    meeting = rules.get_meeting(principal, meeting_id)
    attendees = list(
        meeting.attendees.select_related("staff", "agency").order_by(F("agency_id").asc(nulls_first=True), "id")
    )
    unapproved = ServicePlan.objects.filter(case_id=OuterRef("case_id"), approved_on__isnull=True)
    agenda = list(
        meeting.agenda.select_related(
            "case__person",
            "case__worker",
            "case__lead_agency",
            "case__dong",
            "exception_recorded_by",
            "finding__routed_to",
        ).annotate(has_unapproved_plan=Exists(unapproved))
    )
    return MeetingDetail(meeting=meeting, attendees=attendees, agenda=agenda)


def agenda_item(meeting: Meeting, item_id: int) -> AgendaItem:
    """An item of a meeting already fetched under the rules; another meeting's item is not found."""
    return fetch(meeting.agenda.all(), item_id, "agenda_item")


def agenda_names(agenda: Sequence[AgendaItem]) -> str:
    """Who the agenda names, for the access log: each case's person, each finding's subject."""
    names = []
    for item in agenda:
        if item.case is not None:
            names.append(f"{item.case.person.name}(#{item.case_id})")
        elif item.finding is not None:
            names.append(f"{item.finding.subject}(발굴 #{item.finding_id})")
    return ", ".join(names)


def regular_conference_this_month(today: dt.date) -> QuerySet[Meeting]:
    """Regular conferences (seed 000: 정기회의 월 1회 이상) planned or held in today's month."""
    month = today.replace(day=1)
    return Meeting.objects.filter(
        schedule=Meeting.Schedule.REGULAR,
        kind__in=CONFERENCE_KINDS,
        status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD],
        starts_at__gte=day_start(month),
        starts_at__lt=day_start(add_months(month, 1)),
    )


def has_regular_conference(dong: Dong, today: dt.date) -> bool:
    return regular_conference_this_month(today).filter(dong=dong).exists()


def dongs_without_regular_conference(principal: Principal, today: dt.date) -> list[Dong]:
    """The dongs in the user's scope with no regular conference planned or held this month (one query)."""
    held = regular_conference_this_month(today).filter(dong_id=OuterRef("pk"))
    return list(rules.REGULAR.scope(principal, Dong.objects.all()).exclude(Exists(held)).order_by("code"))
