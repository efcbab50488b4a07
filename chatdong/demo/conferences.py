"""The demo's case conferences (사례회의) for one dong: a regular internal conference each month for the last
six months (held, with minutes), the next one planned within two weeks, and in some dongs an integrated
conference with agency people. All chaired by the dong's welfare supervisor.

The schedule is made first, so that the case builder can take selections, lead agencies, plan approvals and
closures to a conference that was held after the case was ready for it; each such decision becomes an agenda
item here and a CaseEvent with the meeting's id there, so the two tell the same story.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from chatdong.core.dates import add_months
from chatdong.meetings.models import AgendaItem, Attendee, Meeting

from .casetexts import MINUTES_OPENING
from .rows import Rows
from .staff import DongOrg

HELD_MONTHS = 6
PLANNED_WITHIN_DAYS = 14
REGULAR_ATTENDEES = ["planner", "plannercare", "planner65", "plannerbirth", "nurse", "desk"]
ROLE_LABELS = {
    "supervisor": "주재(복지수퍼바이저)", "planner": "복지플래너", "plannercare": "복지플래너(돌봄)",
    "planner65": "복지플래너(65세)", "plannerbirth": "복지플래너(출산·양육)", "nurse": "방문간호사",
    "desk": "복지상담전문관", "head": "동장",
}  # fmt: skip
MEETING_FIELDS = (
    "id", "district_id", "dong_id", "kind", "schedule", "title", "starts_at", "place", "chair_id", "status",
    "minutes", "created_at",
)  # fmt: skip
ATTENDEE_FIELDS = ("meeting_id", "staff_id", "agency_id", "name", "role", "attended")
AGENDA_FIELDS = (
    "meeting_id", "case_id", "order", "purpose", "decision", "decision_value", "discussion", "decided_at",
    "legal_exception",
)  # fmt: skip


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def working_day(day: dt.date, latest: dt.date) -> dt.date:
    """The day itself on Monday–Friday; a weekend moves to Monday, or back to Friday if Monday is too late."""
    if day.weekday() < 5:
        return day
    monday = day + dt.timedelta(days=7 - day.weekday())
    return monday if monday <= latest else day - dt.timedelta(days=day.weekday() - 4)


@dataclass
class AgendaEntry:
    case_id: int
    purpose: str
    decision: str = ""
    value: str = ""
    discussion: str = ""
    decided_at: dt.datetime | None = None
    person_name: str = ""


@dataclass
class MeetingPlan:
    id: int
    kind: str
    schedule: str
    status: str
    starts_at: dt.datetime
    place: str
    agenda: list[AgendaEntry] = field(default_factory=list)
    agencies: list[int] = field(default_factory=list)  # agencies invited (integrated conferences)

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()


class DongMeetings:
    """One dong's conferences: the schedule, the decisions taken at them, and finally their rows."""

    def __init__(self, rng: random.Random, rows: Rows, org: DongOrg, dong_index: int, today: dt.date,
                 integrated: bool) -> None:  # fmt: skip
        self.rng = rng
        self.rows = rows
        self.org = org
        self.today = today
        place = f"{org.dong.name} 주민센터 회의실"
        # Each dong has its own day: the second Tuesday, Wednesday or Thursday of the month.
        weekday, hour = 1 + dong_index % 3, 14 + dong_index % 2
        first = today.replace(day=1)
        dates = []
        for months_back in range(HELD_MONTHS + 1, -1, -1):
            start = add_months(first, -months_back) + dt.timedelta(days=7)
            day = weekday_on_or_after(start, weekday)
            if day < today:
                dates.append(day)
        self.held = [
            MeetingPlan(rows.new_id(Meeting), Meeting.Kind.INTERNAL_CONFERENCE, Meeting.Schedule.REGULAR,
                        Meeting.Status.HELD, at(day, hour), place)
            for day in dates[-HELD_MONTHS:]
        ]  # fmt: skip
        if integrated:
            day = working_day(today - dt.timedelta(days=rng.randint(20, 160)), today - dt.timedelta(days=1))
            self.held.append(
                MeetingPlan(rows.new_id(Meeting), Meeting.Kind.INTEGRATED_CONFERENCE, Meeting.Schedule.AD_HOC,
                            Meeting.Status.HELD, at(day, 10), f"{org.dong.name} 주민센터 2층 다목적실")
            )  # fmt: skip
            self.held.sort(key=lambda m: m.starts_at)
        latest = today + dt.timedelta(days=PLANNED_WITHIN_DAYS)
        planned_day = working_day(today + dt.timedelta(days=rng.randint(2, PLANNED_WITHIN_DAYS - 1)), latest)
        self.planned = MeetingPlan(
            rows.new_id(Meeting), Meeting.Kind.INTERNAL_CONFERENCE, Meeting.Schedule.REGULAR,
            Meeting.Status.PLANNED, at(planned_day, hour), place,
        )  # fmt: skip

    @property
    def all(self) -> list[MeetingPlan]:
        return [*self.held, self.planned]

    def find(self, earliest: dt.date, latest: dt.date, *, integrated: bool = False) -> MeetingPlan | None:
        """The first conference held between the two days (an integrated one if asked)."""
        latest = min(latest, self.today - dt.timedelta(days=1))
        for meeting in self.held:
            if integrated and meeting.kind != Meeting.Kind.INTEGRATED_CONFERENCE:
                continue
            if earliest <= meeting.day <= latest:
                return meeting
        return None

    def decide(self, meeting: MeetingPlan, entry: AgendaEntry) -> dt.datetime:
        """Record a decision taken at the meeting; returns when it was taken (for the case's timeline)."""
        entry.decided_at = meeting.starts_at + dt.timedelta(minutes=10 * (len(meeting.agenda) + 1))
        meeting.agenda.append(entry)
        return entry.decided_at

    # -- rows -----------------------------------------------------------------------------------------

    def write(
        self,
        reviews: list[tuple[int, dt.date, dt.date, str]],
        pending: list[AgendaEntry],
        agency_contacts: dict[int, list[tuple[str, str]]],
        hope_staff: list[int],
    ) -> int:
        """Meetings with attendees and agenda. `reviews`: in-service cases (id, from, to, name) to discuss at
        the regular conferences held while they were in service; `pending`: items for the planned one."""
        rng = self.rng
        for meeting in self.held:
            if meeting.schedule != Meeting.Schedule.REGULAR:
                continue
            current = [r for r in reviews if r[1] <= meeting.day <= r[2]]
            for case_id, _start, _end, name in rng.sample(current, min(len(current), rng.randint(1, 3))):
                meeting.agenda.append(
                    AgendaEntry(case_id, "점검 결과 공유", discussion="서비스 이용 상황과 변화 공유", person_name=name)
                )
        self.planned.agenda.extend(pending)
        serving = [r for r in reviews if r[2] >= self.today]  # still in service: their monitoring is reviewed
        for case_id, _start, _end, name in rng.sample(serving, min(len(serving), rng.randint(1, 2))):
            self.planned.agenda.append(AgendaEntry(case_id, "점검 결과 공유", person_name=name))
        staff = self.org.staff
        for meeting in self.all:
            people = self._attendees(meeting, agency_contacts, hope_staff)
            held = meeting.status == Meeting.Status.HELD
            minutes = self._minutes(meeting, sum(1 for p in people if p[5])) if held else ""
            title = (
                f"{self.org.dong.name} 통합사례회의"
                if meeting.kind == Meeting.Kind.INTEGRATED_CONFERENCE
                else f"{self.org.dong.name} {meeting.day.month}월 정기 사례회의"
            )
            created = meeting.starts_at - dt.timedelta(days=7)
            self.rows.add(Meeting, MEETING_FIELDS, (
                meeting.id, self.org.dong.district_id, self.org.dong.pk, meeting.kind, meeting.schedule, title,
                meeting.starts_at, meeting.place, staff["supervisor"].pk, meeting.status, minutes, created,
            ))  # fmt: skip
            for person in people:
                self.rows.add(Attendee, ATTENDEE_FIELDS, person)
            for order, item in enumerate(meeting.agenda, start=1):
                self.rows.add(AgendaItem, AGENDA_FIELDS, (
                    meeting.id, item.case_id, order, item.purpose, item.decision, item.value[:100], item.discussion,
                    item.decided_at, "",
                ))  # fmt: skip
        return len(self.all)

    def _attendees(
        self, meeting: MeetingPlan, agency_contacts: dict[int, list[tuple[str, str]]], hope_staff: list[int]
    ) -> list[tuple]:
        rng = self.rng
        staff = self.org.staff
        held = meeting.status == Meeting.Status.HELD
        suffixes = ["supervisor", *REGULAR_ATTENDEES] + (["head"] if rng.random() < 0.4 else [])
        absent = rng.choice(REGULAR_ATTENDEES[1:]) if held and rng.random() < 0.15 else None
        people: list[tuple] = [
            (meeting.id, staff[s].pk, None, staff[s].name, ROLE_LABELS[s], s != absent) for s in suffixes
        ]
        integrated = meeting.kind == Meeting.Kind.INTEGRATED_CONFERENCE
        if hope_staff and (integrated or rng.random() < 0.25):
            people.append((meeting.id, rng.choice(hope_staff), None, "", "희망복지지원단", True))
        if integrated:
            invited = list(dict.fromkeys(meeting.agencies))
            others = [a for a in agency_contacts if a not in invited]
            invited += rng.sample(others, min(len(others), max(0, rng.randint(2, 4) - len(invited))))
            for agency_id in invited:
                contacts = agency_contacts.get(agency_id) or [("", "실무자")]
                name, title = rng.choice(contacts)
                people.append((meeting.id, None, agency_id, name, title, True))
        return people

    def _minutes(self, meeting: MeetingPlan, present: int) -> str:
        lines = [
            MINUTES_OPENING.format(
                date=meeting.day.isoformat(),
                dong=self.org.dong.name,
                n=present,
                chair=self.org.staff["supervisor"].name,
            )
        ]
        for order, item in enumerate(meeting.agenda, start=1):
            outcome = f" → {item.value}" if item.value else ""
            lines.append(f"{order}. 사례 #{item.case_id}({item.person_name}) {item.purpose}{outcome}")
        if not meeting.agenda:
            lines.append("상정 안건 없음. 지역 자원 현황 공유.")
        return "\n".join(lines)
