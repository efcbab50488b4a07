"""The neighbourhood officers' side of the demo that goes beyond their walks and findings (outreach.py writes
those): each zone's key places, photos of a sample of the zone walks, and the monthly sharing and evaluation
meeting (활동내용 공유 및 평가회의) as `outreach.weekly.prepare_monthly_meeting` would have prepared it.

The meetings: one per dong and month whose last week falls in the officers' records (and whose four weeks of
weekly reports before it are in them too), on a Tuesday–Thursday of the month's last week at 16:00, chaired
by the dong head with the coordinator and the zone officers attending. A past meeting was prepared on the
Monday of its week and held, with short minutes; its agenda is the findings open then and the month's
closed ones, with their status of that day. The current month's, if its day is still ahead, is planned, its
agenda as the service would prefill it today.

Everything draws on its own random stream per dong, so adding it did not change the rest of the demo.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from chatdong.meetings.models import AgendaItem, Attendee, Meeting
from chatdong.org.models import StaffMember
from chatdong.outreach.officers.models import ActivityPhoto, KeyPlace
from chatdong.outreach.officers.states import FindingKind, FindingStatus
from chatdong.outreach.officers.weekly import LOOKBACK_WEEKS, last_week, week_start

from . import outreachtexts as txt
from .casework import masked
from .conferences import ATTENDEE_FIELDS, MEETING_FIELDS, at
from .households import Home
from .names import SURNAMES
from .photos import DEMO_DIR, PhotoStore
from .places import CITY_PREFIX, DONG_ROADS
from .rows import Rows
from .staff import DongOrg

KEY_PLACE_FIELDS = ("zone_id", "name", "kind", "address", "contact", "note")
PHOTO_FIELDS = ("activity_id", "image", "caption", "uploaded_at")
REVIEW_AGENDA_FIELDS = ("meeting_id", "case_id", "finding_id", "order", "purpose", "decision", "decision_value",
                        "discussion", "decided_at", "legal_exception")  # fmt: skip
K = KeyPlace.Kind
# Name list → the place's kind; every zone has a 경로당, a 미용실 and a shop, and two to four of the others.
KEY_PLACE_KINDS: dict[str, str] = {
    "senior_centre": K.SENIOR_CENTRE, "salon": K.SHOP, "store": K.SHOP, "estate_agent": K.ESTATE_AGENT,
    "park": K.PARK, "religious": K.RELIGIOUS, "facility": K.FACILITY, "other": K.OTHER,
}  # fmt: skip
ALWAYS = ("senior_centre", "salon", "store")
SOMETIMES = ("estate_agent", "park", "religious", "facility", "other", "store")
LANDLINE_KINDS = ("senior_centre", "facility", "religious", "estate_agent")
# Photos: every walk of the persona dongs' last weeks, a few elsewhere; one or two pictures a walk.
PHOTO_WEEKS, PHOTO_SHARE, PHOTOS_A_WALK = 3, 0.02, (1, 1, 2)
REVIEW_WEEKDAYS = (1, 2, 3)  # Tuesday–Thursday of the month's last week
REVIEW_HOUR = 16
ABSENT_SHARE = 0.08
DONE = FindingStatus.DONE


@dataclass
class FindingNote:
    """What the meeting's agenda needs of a finding written by outreach.py."""

    id: int
    kind: str
    subject: str
    routed_to: StaffMember
    status: str
    raised: dt.date
    handled: dt.date | None

    def status_on(self, day: dt.date | None) -> str:
        """Its status on the morning of `day` (None: now)."""
        if day is None or self.status != DONE:
            return self.status
        if self.handled is not None and self.handled < day:
            return DONE
        return FindingStatus.IN_PROGRESS if (day - self.raised).days >= 3 else FindingStatus.HANDED_OVER


@dataclass
class WalkNote:
    """A zone walk written by outreach.py, for its photos and the meeting's count."""

    id: int
    officer_id: int
    zone_number: int
    day: dt.date
    places: list[str]
    complaint: str


@dataclass
class DongOfficers:
    rows: Rows
    rng: random.Random
    org: DongOrg
    today: dt.date
    persona: bool
    photos: PhotoStore | None
    officer_ids: list[int]  # the zone officers, zone by zone
    findings: list[FindingNote] = field(default_factory=list)
    walks: list[WalkNote] = field(default_factory=list)
    reported: set[tuple[int, dt.date]] = field(default_factory=set)  # (officer, week) with a weekly report

    @property
    def stem(self) -> str:
        """월곡2동 → 월곡, 성북동 → 성북."""
        return self.org.dong.name.rstrip("동").rstrip("0123456789") or self.org.dong.name

    # -- key places ---------------------------------------------------------------------------------------

    def key_places(self, zone_id: int, number: int, homes: list[Home]) -> list[str]:
        """Five to seven places in the zone, written; returns their names (the officer's walks go there)."""
        rng = self.rng
        groups = list(ALWAYS) + rng.sample(SOMETIMES, rng.randint(2, 4))
        roads = [h.road_address.removeprefix(CITY_PREFIX).strip() for h in homes[:200]] or [
            f"{road} {rng.randint(1, 120)}" for road in DONG_ROADS.get(self.org.dong.name, ["동네 골목"])
        ]
        names: list[str] = []
        for group in groups:
            choices = [p.format(stem=self.stem, n=number) for p in txt.KEY_PLACE_NAMES[group]]
            fresh = [name for name in choices if name not in names]
            if not fresh:
                continue
            name = rng.choice(fresh)
            names.append(name)
            title = txt.KEY_PLACE_CONTACTS.get(group)
            contact = f"{title} {masked(rng.choice(list(SURNAMES)) + '○○')}" if title else ""
            if contact and group in LANDLINE_KINDS:
                contact += f" · 02-9{rng.randrange(10, 100)}-{rng.randrange(10000):04d}"
            address = " ".join(rng.choice(roads).split()[:2]) + (" 1층" if group in ("salon", "store") else "")
            self.rows.add(KeyPlace, KEY_PLACE_FIELDS, (
                zone_id, name, KEY_PLACE_KINDS[group], address, contact, rng.choice(txt.KEY_PLACE_NOTES[group]),
            ))  # fmt: skip
        return names

    # -- zone-walk photos ---------------------------------------------------------------------------------

    def walk_photos(self) -> None:
        if self.photos is None:
            return
        rng = self.rng
        recent = week_start(self.today) - dt.timedelta(weeks=PHOTO_WEEKS - 1)
        for walk in self.walks:
            if not (self.persona and walk.day >= recent) and rng.random() >= PHOTO_SHARE:
                continue
            for n in range(1, rng.choice(PHOTOS_A_WALK) + 1):
                name = f"{DEMO_DIR}/{walk.day:%Y}/{walk.day:%m}/walk-{walk.id}-{n}.jpg"
                hour, minute = rng.randint(10, 16), rng.randint(0, 59)
                stamp = f"{walk.day:%Y.%m.%d} {hour:02d}:{minute:02d}"
                self.photos.add(name, rng, stamp, f"{self.org.slug.upper()} ZONE {walk.zone_number}")
                if n == 1 and walk.complaint:
                    caption = txt.PHOTO_COMPLAINT_CAPTION.format(complaint=walk.complaint)
                else:
                    caption = rng.choice(txt.PHOTO_CAPTIONS).format(place=rng.choice(walk.places))
                self.rows.add(ActivityPhoto, PHOTO_FIELDS, (walk.id, name, caption[:100], at(walk.day, 17, minute)))

    # -- the monthly sharing and evaluation meeting -------------------------------------------------------

    def reviews(self, first_week: dt.date) -> int:
        """The meetings of the months whose last week, and the four weeks of reports before it, are on record;
        returns how many."""
        count = 0
        month = first_week.replace(day=1)
        this_month = self.today.replace(day=1)
        while month <= this_month:
            first, last = last_week(month)
            days = [first + dt.timedelta(days=d) for d in range(7)]
            day = self.rng.choice([d for d in days if d.weekday() in REVIEW_WEEKDAYS])
            if week_start(day) - dt.timedelta(weeks=LOOKBACK_WEEKS) >= first_week:
                self.review(month, day, last)
                count += 1
            month = (last + dt.timedelta(days=1)).replace(day=1)
        return count

    def review(self, month: dt.date, day: dt.date, last: dt.date) -> None:
        rng = self.rng
        held = day < self.today
        as_of = week_start(day) if held else None  # prepared on the Monday of its week, or this evening
        head = self.org.staff["head"]
        meeting_id = self.rows.new_id(Meeting)
        agenda = self.agenda(month, last, as_of)
        open_then = sum(1 for f, status in agenda if status != DONE)
        found = sum(1 for f, _status in agenda if month <= f.raised <= last)
        walks = sum(1 for w in self.walks if month <= w.day <= last and (as_of is None or w.day < as_of))
        minutes = ""
        if held:
            minutes = txt.REVIEW_MINUTES.format(walks=walks, found=found, open=open_then,
                                                closing=rng.choice(txt.REVIEW_CLOSINGS))  # fmt: skip
        self.rows.add(Meeting, MEETING_FIELDS, (
            meeting_id, self.org.dong.district_id, self.org.dong.pk, Meeting.Kind.OFFICER_REVIEW,
            Meeting.Schedule.REGULAR, f"{day:%Y년 %m월} 우리동네주무관 활동내용 공유 및 평가회의",
            at(day, REVIEW_HOUR), txt.REVIEW_PLACE, head.pk, Meeting.Status.HELD if held else Meeting.Status.PLANNED,
            minutes, at(as_of, 9) if as_of else at(self.today, 18),
        ))  # fmt: skip
        self.attendees(meeting_id, head, held)
        items: list[tuple[int | None, str, str]] = []
        for finding, status in agenda:
            purpose = (f"[{FindingKind(finding.kind).label}] {finding.subject} → {finding.routed_to.name} "
                       f"({FindingStatus(status).label})")  # fmt: skip
            items.append((finding.id, purpose[:200], rng.choice(txt.REVIEW_DISCUSSIONS) if held else ""))
        missing = self.missing_reports(day)
        if missing:
            items.append((None, f"주간 활동보고 미제출: {missing}"[:200], ""))
        items.append((None, f"동네 탐방 결과 공유: 이달 활동 {walks}회", ""))
        items.append((None, "우수사례 공유, 행정민원 해결 방안, 복지사각지대 발굴 방안", ""))
        for order, (finding_id, purpose, discussion) in enumerate(items, start=1):
            self.rows.add(AgendaItem, REVIEW_AGENDA_FIELDS,
                          (meeting_id, None, finding_id, order, purpose, "", "", discussion, None, ""))  # fmt: skip

    def agenda(self, month: dt.date, last: dt.date, as_of: dt.date | None) -> list[tuple[FindingNote, str]]:
        """`weekly.month_findings` on the day the meeting was prepared: the findings open then, whenever
        raised, and the month's closed ones, by status, then as raised."""
        chosen = []
        for f in self.findings:
            if as_of is not None and f.raised >= as_of:
                continue
            status = f.status_on(as_of)
            if status != DONE or month <= f.raised <= last:
                chosen.append((f, status))
        return sorted(chosen, key=lambda fs: (fs[1], fs[0].raised, fs[0].id))

    def attendees(self, meeting_id: int, head: StaffMember, held: bool) -> None:
        coordinator = self.org.staff["coordinator"]
        rows = [(head, "주재(우리동네주무관 1호)")]
        if coordinator.pk != head.pk:
            rows.append((coordinator, "실무총괄"))
        seen = {s.pk for s, _role in rows}
        rows += [(s, "우리동네주무관") for s in self.zone_officers() if s.pk not in seen]
        for staff, role in rows:
            attended = not held or staff.pk == head.pk or self.rng.random() >= ABSENT_SHARE
            self.rows.add(Attendee, ATTENDEE_FIELDS, (meeting_id, staff.pk, None, "", role, attended))

    def zone_officers(self) -> list[StaffMember]:
        by_pk = {s.pk: s for s in self.org.staff.values()}
        officers = {pk: by_pk[pk] for pk in self.officer_ids if pk in by_pk}
        return sorted(officers.values(), key=lambda s: (s.name, s.pk))

    def missing_reports(self, day: dt.date) -> str:
        """`weekly.officers_missing_reports` for the meeting's day, as the agenda names them."""
        monday = week_start(day)
        window = [monday - dt.timedelta(weeks=k) for k in range(1, LOOKBACK_WEEKS + 1)]
        gaps = []
        for officer in self.zone_officers():
            reported = sum(1 for week in window if (officer.pk, week) in self.reported)
            if reported < LOOKBACK_WEEKS:
                gaps.append(f"{officer.name}({LOOKBACK_WEEKS - reported}주)")
        return ", ".join(gaps)
