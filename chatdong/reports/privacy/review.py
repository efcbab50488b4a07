"""What the monthly access-log review (접속기록 점검) puts before the auditor, and marking it checked.

개인정보의 안전성 확보조치 기준 asks that access records be checked at least monthly for misuse. Each section
below is one kind of thing worth a look, computed from the access log, the emergency accesses and the login
records (django-axes) of one month; each item has a stable key so the auditor's check stays with it.
Sections are queries the database aggregates, paged like any list, so a month of a district's log costs a few
grouped queries, not a walk through it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from axes.models import AccessFailureLog
from axes.models import AccessLog as LoginRecord
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractHour, TruncHour
from django.utils import timezone

from chatdong.access import audit
from chatdong.access.models import AccessLog
from chatdong.core.dates import add_months
from chatdong.core.text import clean_text, limit
from chatdong.org.roles import Role
from chatdong.registry.models import EmergencyAccess, StaffAssignment

from ..models import AccessReview, ReviewCheck, ReviewSection

NOTE_MAX = limit(ReviewCheck, "note")
SUMMARY_MAX = limit(AccessReview, "summary")
FIRST_MONTH = dt.date(2000, 1, 1)  # nothing was logged before; earlier "months" are not found
NIGHT_FROM, NIGHT_UNTIL = 22, 6  # local hours: a login at 22:00–05:59 is at night


@dataclass(frozen=True)
class Window:
    """One calendar month in local time, as the half-open interval [start, end)."""

    month: dt.date

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.month, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(add_months(self.month, 1), dt.time.min))


@dataclass(frozen=True)
class Item:
    key: str
    when: dt.datetime
    who: str
    what: str
    count: int = 1


@dataclass(frozen=True)
class Section:
    code: str
    why: str  # what the auditor should look for
    rows: Callable[[Window], QuerySet[Any]]
    item: Callable[[Any], Item]

    @property
    def label(self) -> str:
        return ReviewSection(self.code).label


def _in(window: Window, field: str = "at") -> Q:
    return Q(**{f"{field}__gte": window.start, f"{field}__lt": window.end})


# --- the sections ------------------------------------------------------------------------------------------


def _bulk_rows(window: Window) -> QuerySet[Any]:
    views = AccessLog.objects.filter(
        _in(window), action__in=[AccessLog.Action.VIEW, AccessLog.Action.VIEW_SENSITIVE], household_id__isnull=False
    )
    return (
        views.annotate(hour=TruncHour("at", tzinfo=timezone.get_current_timezone()))
        .values("username", "hour")
        .annotate(households=Count("household_id", distinct=True))
        .filter(households__gte=settings.ACCESS_REVIEW_BULK_VIEWS)
        .order_by("hour", "username")
    )


def _bulk_item(row: dict[str, Any]) -> Item:
    hour = timezone.localtime(row["hour"], timezone.get_current_timezone())
    return Item(
        f"bulk:{row['username']}:{hour:%Y-%m-%dT%H}",
        hour,
        row["username"],
        f"{hour:%H}시대 한 시간에 가구 {row['households']}곳 열람",
        row["households"],
    )


def _sensitive_rows(window: Window) -> QuerySet[Any]:
    """Sensitive views by staff never put in charge of the household (the dong's supervisors see their dong)."""
    in_charge = StaffAssignment.objects.filter(
        household_id=OuterRef("household_id"), staff__user_id=OuterRef("user_id")
    )
    return (
        AccessLog.objects.filter(_in(window), action=AccessLog.Action.VIEW_SENSITIVE, household_id__isnull=False)
        .exclude(Exists(in_charge))
        .exclude(user__staff__roles__role=Role.WELFARE_SUPERVISOR)
        .values("username", "household_id")
        .annotate(views=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("first", "username")
    )


def _sensitive_item(row: dict[str, Any]) -> Item:
    return Item(
        f"sensitive:{row['username']}:{row['household_id']}",
        row["first"],
        row["username"],
        f"가구 {row['household_id']}의 민감정보 {row['views']}회 열람"
        f"(마지막 {timezone.localtime(row['last']):%m-%d %H:%M})",
        row["views"],
    )


def _emergency_rows(window: Window) -> QuerySet[Any]:
    return (
        EmergencyAccess.objects.filter(_in(window, "started_at"))
        .select_related("staff__user", "household", "dong")
        .order_by("started_at", "id")
    )


def _emergency_item(grant: EmergencyAccess) -> Item:
    return Item(
        f"emergency:{grant.pk}",
        grant.started_at,
        grant.staff.user.get_username(),
        f"{grant.dong.name} 가구 {grant.household_id} · 사유: {grant.reason} · {grant.status_label}",
    )


def _export_rows(window: Window) -> QuerySet[Any]:
    return AccessLog.objects.filter(_in(window), action=AccessLog.Action.EXPORT).order_by("at", "id")


def _export_item(entry: AccessLog) -> Item:
    target = f"{entry.object_type} {entry.object_id}".strip()
    return Item(f"export:{entry.pk}", entry.at, entry.username, f"{target} · {entry.detail}".strip(" ·"))


def _night_rows(window: Window) -> QuerySet[Any]:
    return (
        LoginRecord.objects.filter(_in(window, "attempt_time"))
        .annotate(local_hour=ExtractHour("attempt_time", tzinfo=timezone.get_current_timezone()))
        .filter(Q(local_hour__gte=NIGHT_FROM) | Q(local_hour__lt=NIGHT_UNTIL))
        .order_by("attempt_time", "id")
    )


def _night_item(login: LoginRecord) -> Item:
    return Item(
        f"night:{login.pk}",
        login.attempt_time,
        login.username or "",
        f"로그인 · 접속 IP {login.ip_address or '-'}",
    )


def _failed_rows(window: Window) -> QuerySet[Any]:
    return (
        AccessFailureLog.objects.filter(_in(window, "attempt_time"))
        .values("username", "ip_address")
        .annotate(failures=Count("id"), last=Max("attempt_time"), locked=Count("id", filter=Q(locked_out=True)))
        .order_by("-failures", "username", "ip_address")
    )


def _failed_item(row: dict[str, Any]) -> Item:
    locked = " · 잠김" if row["locked"] else ""
    return Item(
        f"failed:{row['username'] or ''}:{row['ip_address'] or ''}",
        row["last"],
        row["username"] or "",
        f"로그인 실패 {row['failures']}회 · 접속 IP {row['ip_address'] or '-'}{locked}",
        row["failures"],
    )


SECTIONS: dict[str, Section] = {
    s.code: s
    for s in (
        Section(
            ReviewSection.BULK,
            "한 사람이 한 시간에 많은 가구를 열람했습니다. 업무(일괄 안내, 명단 확인)에 따른 것인지 확인하세요.",
            _bulk_rows,
            _bulk_item,
        ),
        Section(
            ReviewSection.SENSITIVE,
            "담당으로 지정된 적 없는 직원이 학대·폭력·자살위험 기록을 열람했습니다(방문·상담 기록자, 긴급 열람 포함).",
            _sensitive_rows,
            _sensitive_item,
        ),
        Section(
            ReviewSection.EMERGENCY,
            "사유를 적고 24시간 동안 민감정보를 연 기록입니다. 사유가 업무에 맞는지 확인하세요.",
            _emergency_rows,
            _emergency_item,
        ),
        Section(
            ReviewSection.EXPORT,
            "개인정보를 파일로 내려받거나 출력한 기록입니다.",
            _export_rows,
            _export_item,
        ),
        Section(
            ReviewSection.NIGHT,
            "업무 시간 밖의 로그인입니다. 당직·긴급 대응이었는지 확인하세요.",
            _night_rows,
            _night_item,
        ),
        Section(
            ReviewSection.FAILED,
            "로그인 실패(계정별·접속 IP별)와 잠금입니다. 비밀번호 대입 시도가 아닌지 확인하세요.",
            _failed_rows,
            _failed_item,
        ),
    )
}


# --- the review --------------------------------------------------------------------------------------------


def last_month(today: dt.date) -> dt.date:
    return add_months(today.replace(day=1), -1)


def require_reviewable(month: dt.date, today: dt.date) -> None:
    """Only a month that has begun can be looked at; only one that has ended can be completed (see `complete`)."""
    if month > today.replace(day=1):
        raise ValidationError("아직 시작하지 않은 달은 점검할 수 없습니다.")
    if month < FIRST_MONTH:
        raise ValidationError("점검할 수 없는 달입니다.")


def review_of(month: dt.date) -> AccessReview | None:
    return AccessReview.objects.filter(month=month).first()


def overview(month: dt.date) -> list[dict[str, Any]]:
    """Each section with how many items it has and how many are checked: one count per section, one for checks."""
    window = Window(month)
    checked = dict(
        ReviewCheck.objects.filter(review__month=month).values_list("section").annotate(n=Count("id")).order_by()
    )
    return [
        {"section": s, "items": s.rows(window).count(), "checked": checked.get(s.code, 0)} for s in SECTIONS.values()
    ]


def items_with_checks(month: dt.date, items: list[Item]) -> list[tuple[Item, ReviewCheck | None]]:
    checks = {
        c.key: c
        for c in ReviewCheck.objects.filter(review__month=month, key__in=[i.key for i in items]).select_related(
            "checked_by"
        )
    }
    return [(item, checks.get(item.key)) for item in items]


def _section(code: str) -> Section:
    try:
        return SECTIONS[code]
    except KeyError:
        raise ValidationError("점검 항목 종류가 올바르지 않습니다.") from None


def check(user: User, month: dt.date, section_code: str, key: str, note: str) -> ReviewCheck:
    """Mark one item of the month as looked at. The item must be one the month really has; once only."""
    section = _section(section_code)
    note = clean_text(" ".join((note or "").split()), "확인 내용", NOTE_MAX, required=False)
    if not note:
        raise ValidationError("확인 내용을 적어 주세요(예: 업무상 열람 확인, 본인 소명 받음).")
    if not any(section.item(row).key == key for row in section.rows(Window(month)).iterator()):
        raise ValidationError("이 달의 점검 항목이 아닙니다.")
    try:
        with transaction.atomic():
            review, _created = AccessReview.objects.get_or_create(month=month)
            if review.completed_at is not None:
                raise ValidationError("이미 점검을 마친 달입니다.")
            done = ReviewCheck.objects.create(review=review, section=section.code, key=key, note=note, checked_by=user)
            audit.record_created(user, done, ("section", "key", "note"), None)
    except IntegrityError:
        raise ValidationError("이미 확인한 항목입니다.") from None
    return done


def complete(user: User, month: dt.date, today: dt.date, summary: str) -> AccessReview:
    """Close the month's review: it must be over and every item checked."""
    if month >= today.replace(day=1):
        raise ValidationError("달이 끝난 뒤에 점검을 마칠 수 있습니다.")
    unchecked = sum(row["items"] - row["checked"] for row in overview(month))
    if unchecked > 0:
        raise ValidationError(f"확인하지 않은 항목이 {unchecked}건 있습니다. 모두 확인한 뒤 점검을 마치세요.")
    summary = clean_text(summary, "점검 의견", SUMMARY_MAX, required=False)
    with transaction.atomic():
        review, _created = AccessReview.objects.select_for_update().get_or_create(month=month)
        if review.completed_at is not None:
            raise ValidationError("이미 점검을 마친 달입니다.")
        review.completed_at = timezone.now()
        review.completed_by = user
        review.summary = summary
        review.save(update_fields=["completed_at", "completed_by", "summary"])
        audit.record(user, "update", review, {"completed_at": [None, review.completed_at.isoformat()]})
    return review


def unreviewed_month(today: dt.date) -> dt.date | None:
    """Last month, when its review is not complete yet: the home page reminds the auditor of it."""
    month = last_month(today)
    done = AccessReview.objects.filter(month=month, completed_at__isnull=False).exists()
    return None if done else month
