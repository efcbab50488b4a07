"""Reading case conferences under the access rules: which meetings a user sees, the list pages, a
meeting's detail in a fixed number of queries, the user's upcoming conferences and the dongs that
have no regular conference this month.

Dong staff see their dong's meetings, 희망복지지원단 the district's, and anyone the meetings they
chair or attend. Statistics roles and neighbourhood leaders see none: an agenda names residents.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal
from chatdong.cases.models import ServicePlan
from chatdong.core.dates import add_months
from chatdong.org.models import Dong

from .models import AgendaItem, Attendee, Meeting

CONFERENCE_KINDS = (Meeting.Kind.INTERNAL_CONFERENCE, Meeting.Kind.INTEGRATED_CONFERENCE)
UPCOMING_DAYS = 14


def day_start(day: dt.date) -> dt.datetime:
    """Midnight of a day in the local time zone, as an aware datetime for comparing with `starts_at`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _attending(staff_id: int) -> Exists:
    return Exists(Attendee.objects.filter(meeting_id=OuterRef("pk"), staff_id=staff_id))


def meetings_visible_to(principal: Principal) -> QuerySet[Meeting]:
    qs = Meeting.objects.all()
    if principal.is_superuser:
        return qs
    staff = principal.staff
    if staff is None or not principal.sees_people:
        return qs.none()
    own = Q(chair_id=staff.pk) | _attending(staff.pk)
    if principal.is_district_case_staff and principal.district_id:
        return qs.filter(Q(district_id=principal.district_id) | own)
    if principal.is_dong_staff and principal.dong_id is not None:
        return qs.filter(Q(dong_id=principal.dong_id) | own)
    return qs.filter(own)


def can_see_meeting(principal: Principal, meeting: Meeting) -> bool:
    if principal.is_superuser:
        return True
    staff = principal.staff
    if staff is None or not principal.sees_people:
        return False
    if principal.is_district_case_staff and principal.district_id == meeting.district_id:
        return True
    if principal.is_dong_staff and meeting.dong_id is not None and principal.dong_id == meeting.dong_id:
        return True
    return meeting.chair_id == staff.pk or meeting.attendees.filter(staff_id=staff.pk).exists()


def get_meeting(principal: Principal, meeting_id: int) -> Meeting:
    """The meeting if the user may see it; otherwise 404, exactly as if it did not exist."""
    try:
        return meetings_visible_to(principal).select_related("dong", "chair", "district").get(pk=meeting_id)
    except (Meeting.DoesNotExist, ValueError, TypeError, OverflowError):
        raise OutOfScope("meeting", meeting_id) from None


def meeting_list(principal: Principal, *, upcoming: bool, today: dt.date) -> QuerySet[Meeting]:
    """Upcoming: planned from today on, soonest first. Past: everything else, latest first."""
    qs = meetings_visible_to(principal).select_related("dong", "chair").annotate(agenda_count=Count("agenda"))
    coming = Q(status=Meeting.Status.PLANNED, starts_at__gte=day_start(today))
    if upcoming:
        return qs.filter(coming).order_by("starts_at", "id")
    return qs.exclude(coming).order_by("-starts_at", "-id")


def upcoming_for(principal: Principal, today: dt.date, days: int = UPCOMING_DAYS) -> QuerySet[Meeting]:
    """Meetings of the next `days` days the user chairs or attends, and, for dong staff, every
    meeting of their dong."""
    staff = principal.staff
    if staff is None:
        return Meeting.objects.none()
    mine: Q = Q(chair_id=staff.pk) | Q(_attending(staff.pk))
    if principal.is_dong_staff and principal.dong_id is not None:
        mine |= Q(dong_id=principal.dong_id)
    return (
        meetings_visible_to(principal)
        .filter(
            mine,
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
    meeting = get_meeting(principal, meeting_id)
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


def agenda_names(agenda: Sequence[AgendaItem]) -> str:
    """Who the agenda names, for the access log: each case's person, each finding's subject."""
    names = []
    for item in agenda:
        if item.case is not None:
            names.append(f"{item.case.person.name}(#{item.case_id})")
        elif item.finding is not None:
            names.append(f"{item.finding.subject}(발굴 #{item.finding_id})")
    return ", ".join(names)


def _dongs_in_scope(principal: Principal) -> QuerySet[Dong]:
    if principal.is_superuser:
        return Dong.objects.all()
    if principal.is_district_case_staff and principal.district_id:
        return Dong.objects.filter(district_id=principal.district_id)
    if principal.is_dong_staff and principal.dong_id is not None:
        return Dong.objects.filter(pk=principal.dong_id)
    return Dong.objects.none()


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
    return list(_dongs_in_scope(principal).exclude(Exists(held)).order_by("code"))
