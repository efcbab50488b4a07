"""The officers' weekly activity report (주 1회 활동보고서) compiled from the week's records, the weeks without
one (flagged to the officer coordinator), and the monthly sharing and evaluation meeting (활동내용 공유 및
평가회의: last week of the month, chaired by the dong head) with its agenda prefilled.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from chatdong.access import audit
from chatdong.access.principal import Principal
from chatdong.core.text import limit, too_long
from chatdong.core.types import Actor
from chatdong.core.unique import only_one
from chatdong.meetings.models import AgendaItem, Attendee, Meeting
from chatdong.org.models import Dong, StaffMember, Zone
from chatdong.org.roles import Role

from . import rules
from .models import Finding, OfficerActivity, WeeklyReport
from .states import FindingStatus

# How many past weeks the coordinator's flag looks back over.
LOOKBACK_WEEKS = 4
MEETING_FIELDS = ["kind", "schedule", "dong", "title", "starts_at", "place", "chair"]


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


def past_weeks(today: dt.date, weeks: int = LOOKBACK_WEEKS) -> list[dt.date]:
    """The Mondays of the `weeks` complete weeks before this one, latest first."""
    this = week_start(today)
    return [this - dt.timedelta(weeks=n) for n in range(1, weeks + 1)]


# --- Weekly report ------------------------------------------------------------------------------------


@dataclass
class WeekDraft:
    officer: StaffMember
    week_start: dt.date
    activities: list[OfficerActivity]
    findings: list[Finding]
    body: str
    report: WeeklyReport | None


def compile_week(officer: StaffMember, start: dt.date) -> WeekDraft:
    """The week's walks and handed-over findings, and a report body written from them (three queries)."""
    start = week_start(start)
    end = start + dt.timedelta(days=6)
    activities = list(
        OfficerActivity.objects.filter(officer=officer, occurred_on__range=(start, end))
        .select_related("zone")
        .order_by("occurred_on", "id")
    )
    found = list(
        Finding.objects.filter(raised_by_id=officer.user_id, created_at__date__range=(start, end))
        .select_related("routed_to")
        .order_by("created_at", "id")
    )
    lines = [f"{start:%Y-%m-%d}~{end:%m-%d} 우리동네주무관 활동보고 ({officer.name})", ""]
    lines.append(f"■ 주민 만남·동네 탐방 {len(activities)}회")
    for a in activities:
        who = f" / 만난 사람: {a.people_met}" if a.people_met else ""
        lines.append(f"- {a.occurred_on:%m/%d} {a.zone} {a.places}{who}")
        if a.complaints:
            lines.append(f"  생활민원: {a.complaints}")
    lines.append(f"■ 발굴·전달 {len(found)}건")
    for f in found:
        lines.append(f"- [{f.get_kind_display()}] {f.subject} → {f.routed_to.name} ({f.get_status_display()})")
    report = WeeklyReport.objects.filter(officer=officer, week_start=start).first()
    return WeekDraft(officer, start, activities, found, "\n".join(lines), report)


@transaction.atomic
def submit_report(user: Actor, principal: Principal, start: dt.date, body: str = "") -> WeeklyReport:
    """제출: one report per officer and week, the counts taken from the records; the body is the compiled text
    unless the officer edited it."""
    rules.WEEKLY_SUBMIT.require(principal)
    officer = principal.staff
    assert officer is not None and officer.dong_id is not None  # the rule's reach
    start = week_start(start)
    if start > week_start(dt.date.today()):
        raise ValidationError("아직 시작하지 않은 주의 활동보고는 제출할 수 없습니다.")
    already = f"{start:%Y-%m-%d} 주의 활동보고는 이미 제출했습니다."
    if WeeklyReport.objects.filter(officer=officer, week_start=start).exists():
        raise ValidationError(already)
    draft = compile_week(officer, start)
    body = (body or "").strip() or draft.body
    if len(body) > (most := limit(WeeklyReport, "body")):
        raise ValidationError(too_long("보고 내용", most, len(body)))
    with only_one(WeeklyReport, already):  # submitted twice at the same moment (a double click, two tabs)
        report = WeeklyReport.objects.create(
            officer=officer, dong_id=officer.dong_id, week_start=start, activity_count=len(draft.activities),
            finding_count=len(draft.findings), body=body,
        )  # fmt: skip
    audit.record_created(user, report, ["officer", "week_start", "activity_count", "finding_count"], None)
    return report


def zone_officers(dong_id: int) -> QuerySet[StaffMember]:
    """Everyone who walks a zone of the dong (every staff member, the dong head included, in principle)."""
    walking = Zone.objects.filter(officer_id=OuterRef("pk"), dong_id=dong_id)
    return StaffMember.objects.filter(Exists(walking)).order_by("name", "pk")


def officers_missing_reports(dong_id: int, today: dt.date, weeks: int = LOOKBACK_WEEKS) -> QuerySet[StaffMember]:
    """Officers with fewer reports than weeks over the last `weeks` complete weeks (one query; for the work
    list). Each row has `reported` (how many of those weeks have a report)."""
    monday = week_start(today)
    window = Q(
        weekly_reports__week_start__gte=monday - dt.timedelta(weeks=weeks), weekly_reports__week_start__lt=monday
    )
    return (
        zone_officers(dong_id)
        .annotate(reported=Count("weekly_reports", filter=window, distinct=True))
        .filter(reported__lt=weeks)
    )


@dataclass
class OfficerWeeks:
    officer: StaffMember
    weeks: list[tuple[dt.date, WeeklyReport | None]]

    @property
    def missing(self) -> int:
        return sum(1 for _w, report in self.weeks if report is None)


def report_grid(dong_id: int, today: dt.date, weeks: int = 8) -> tuple[list[dt.date], list[OfficerWeeks]]:
    """The coordinator's table: each officer × the last `weeks` complete weeks, with the report or a gap."""
    mondays = past_weeks(today, weeks)
    officers = list(zone_officers(dong_id))
    reports = WeeklyReport.objects.filter(officer__in=officers, week_start__in=mondays)
    by_key = {(r.officer_id, r.week_start): r for r in reports}
    rows = [OfficerWeeks(o, [(m, by_key.get((o.pk, m))) for m in mondays]) for o in officers]
    return mondays, rows


# --- The monthly sharing and evaluation meeting -----------------------------------------------------------


def last_week(day: dt.date) -> tuple[dt.date, dt.date]:
    """The last seven days of the day's month (매달 마지막 주)."""
    end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return end - dt.timedelta(days=6), end


def dong_head(dong: Dong) -> StaffMember | None:
    return StaffMember.objects.filter(dong=dong, roles__role=Role.DONG_HEAD).order_by("pk").first()


def month_findings(dong: Dong, month: dt.date) -> list[Finding]:
    """For the agenda: the dong's findings still open (whenever raised), then the month's closed ones."""
    start = month.replace(day=1)
    end = last_week(month)[1]
    this_month = Q(created_at__date__range=(start, end))
    qs = Finding.objects.filter(Q(dong=dong) & (~Q(status=FindingStatus.DONE) | this_month))
    return list(qs.select_related("routed_to").order_by("status", "created_at", "id"))


@transaction.atomic
def prepare_monthly_meeting(
    user: Actor, principal: Principal, dong: Dong, *, starts_at: dt.datetime, place: str = ""
) -> Meeting:
    """The month's 공유·평가회의: chaired by the dong head in the month's last week, every zone officer
    attending, the agenda prefilled with the open follow-ups and findings and the missing weekly reports."""
    rules.MONTHLY_MEETING.require(principal, dong.pk)
    # One meeting a month: the month is not a column a constraint could hold, so preparing one locks the dong's row
    # and a second preparation at the same moment waits, then finds the first and is told "이미". (NO KEY: rows that
    # refer to the dong are still written meanwhile.)
    Dong.objects.select_for_update(no_key=True).only("pk").get(pk=dong.pk)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    day = timezone.localtime(starts_at).date()
    first, last = last_week(day)
    errors: list[str] = []
    if not first <= day <= last:
        errors.append(f"공유·평가회의는 그 달의 마지막 주({first:%m/%d}~{last:%m/%d})에 엽니다.")
    place = (place or "").strip()
    if len(place) > 100:
        errors.append("장소는 100자 이하로 입력하세요.")
    chair = dong_head(dong)
    if chair is None:
        errors.append(f"{dong.name}에 동장이 지정되어 있지 않습니다. 회의는 동장이 주재합니다.")
    month_start = day.replace(day=1)
    held = Meeting.objects.filter(
        dong=dong, kind=Meeting.Kind.OFFICER_REVIEW, starts_at__date__range=(month_start, last)
    ).exclude(status=Meeting.Status.CANCELLED)
    if held.exists():
        errors.append(f"{day:%Y년 %m월} 공유·평가회의가 이미 있습니다.")
    if errors:
        raise ValidationError(errors)
    assert chair is not None
    meeting = Meeting.objects.create(
        district_id=dong.district_id, dong=dong, kind=Meeting.Kind.OFFICER_REVIEW, schedule=Meeting.Schedule.REGULAR,
        title=f"{day:%Y년 %m월} 우리동네주무관 활동내용 공유 및 평가회의", starts_at=starts_at, place=place,
        chair=chair,
    )  # fmt: skip
    attendees = [Attendee(meeting=meeting, staff=chair, role="주재(우리동네주무관 1호)")]
    coordinators = StaffMember.objects.filter(dong=dong, roles__role=Role.OFFICER_COORDINATOR).exclude(pk=chair.pk)
    seen = {chair.pk}
    for staff in coordinators.distinct():
        attendees.append(Attendee(meeting=meeting, staff=staff, role="실무총괄"))
        seen.add(staff.pk)
    attendees += [
        Attendee(meeting=meeting, staff=o, role="우리동네주무관") for o in zone_officers(dong.pk) if o.pk not in seen
    ]
    Attendee.objects.bulk_create(attendees)
    items = [
        AgendaItem(
            meeting=meeting,
            finding=f,
            order=n,
            purpose=f"[{f.get_kind_display()}] {f.subject} → {f.routed_to.name} ({f.get_status_display()})"[:200],
        )
        for n, f in enumerate(month_findings(dong, day), start=1)
    ]
    missing = list(officers_missing_reports(dong.pk, day))
    if missing:
        names = ", ".join(f"{o.name}({LOOKBACK_WEEKS - o.reported}주)" for o in missing)  # type: ignore[attr-defined]
        items.append(AgendaItem(meeting=meeting, order=len(items) + 1, purpose=f"주간 활동보고 미제출: {names}"[:200]))
    walks = OfficerActivity.objects.filter(zone__dong=dong, occurred_on__range=(month_start, last)).count()
    items.append(AgendaItem(meeting=meeting, order=len(items) + 1, purpose=f"동네 탐방 결과 공유: 이달 활동 {walks}회"))
    items.append(
        AgendaItem(
            meeting=meeting, order=len(items) + 1, purpose="우수사례 공유, 행정민원 해결 방안, 복지사각지대 발굴 방안"
        )
    )
    AgendaItem.objects.bulk_create(items)
    changes = {k: [None, v] for k, v in audit.snapshot(meeting, MEETING_FIELDS).items()}
    changes["agenda"] = [None, len(items)]
    audit.record(user, "create", meeting, changes)
    return meeting
