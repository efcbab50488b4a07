"""Read queries of the consultation desk, scoped by its rules (`rules.py`): consultations and referrals a user
may see, the referral queues of the work list (waiting for me, overdue, results not yet told), and the desk
roster. Every list is built with `select_related` so that its query count does not depend on the number of rows.
"""

import calendar
import datetime as dt
from dataclasses import asdict, dataclass
from typing import Literal

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce

from chatdong.access.principal import Principal

from . import rules, states
from .models import Consultation, DeskShift, Referral, SuicideRisk

# --- Consultation list -----------------------------------------------------------------------------

SCREENED = "screened"
NOT_SCREENED = "not_screened"
RiskFilter = Literal["screened", "not_screened", "low", "medium", "high"]
RISK_FILTERS = [
    (SCREENED, "선별검사 실시"),
    (NOT_SCREENED, "선별검사 안 함"),
    *[(level.value, f"자살위험 {level.label}") for level in SuicideRisk if level != SuicideRisk.NONE],
]


@dataclass(frozen=True)
class ConsultationFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    officer_id: int | None = None
    channel: str = ""
    risk: str = ""

    def __str__(self) -> str:
        return _described(self)


def consultation_list(principal: Principal, f: ConsultationFilter | None = None) -> QuerySet[Consultation]:
    """Newest first, each row with `screening_visible` (whether the viewer may see its screening result) and
    `referral_count`.

    Filtering by a risk level only finds the rows whose level the viewer may see: otherwise the filter
    itself would tell who was screened high.
    """
    f = f or ConsultationFilter()
    allowed = rules.screening_visible_q(principal)
    qs = rules.consultations_visible_to(principal)
    if f.date_from:
        qs = qs.filter(occurred_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(occurred_on__lte=f.date_to)
    if f.officer_id:
        qs = qs.filter(officer_id=f.officer_id)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.risk == SCREENED:
        qs = qs.filter(screening_score__isnull=False)
    elif f.risk == NOT_SCREENED:
        qs = qs.filter(screening_score__isnull=True)
    elif f.risk:
        qs = qs.filter(allowed, suicide_risk=f.risk, screening_score__isnull=False)
    # Scalar subqueries rather than Count(): no GROUP BY over the row and its correlated EXISTS. Where the viewer
    # may not see the screening, the suicide-risk referrals it led to are not counted either.
    referrals = Referral.objects.filter(consultation_id=OuterRef("pk")).order_by().values("consultation_id")
    every = referrals.annotate(n=Count("pk")).values("n")
    shown = referrals.exclude(rules.SENSITIVE_REFERRAL).annotate(n=Count("pk")).values("n")
    return (
        qs.select_related("dong", "person", "household__tong", "officer", "case")
        .annotate(
            screening_visible=ExpressionWrapper(allowed, output_field=BooleanField()),
            referral_count=Coalesce(
                DbCase(
                    When(allowed, then=Subquery(every, output_field=IntegerField())),
                    default=Subquery(shown, output_field=IntegerField()),
                ),
                0,
            ),
        )
        .order_by("-occurred_on", "-id")
    )


# --- Referral lists --------------------------------------------------------------------------------

REFERRAL_RELATED = ("dong", "person", "household", "made_by", "to_team__dong", "to_staff", "to_agency")


def get_referral(principal: Principal, referral_id: int) -> Referral:
    """The referral with what its page shows, or 404 when it is missing or out of scope."""
    return rules.get_referral(
        principal, referral_id, *REFERRAL_RELATED, "exception_recorded_by", "consultation", "case"
    )


BoxFilter = Literal["made", "received"]
StatusFilter = Literal["waiting", "requested", "received", "in_progress", "completed", "returned", "untold"]
MADE = "made"
RECEIVED = "received"
BOXES = [(MADE, "내가 보낸 의뢰"), (RECEIVED, "나·우리 팀이 받은 의뢰")]
WAITING = "waiting"
UNTOLD = "untold"
STATUS_FILTERS = [
    (WAITING, "회신 대기(의뢰·접수·처리중)"),
    *[(s.value, s.label) for s in Referral.Status],
    (UNTOLD, "결과 미안내"),
]


def _overdue(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    today = dt.date.today()
    return qs.annotate(
        overdue=ExpressionWrapper(Q(status__in=states.OPEN_STATUSES, due_on__lt=today), output_field=BooleanField())
    )


def _addressed_to(principal: Principal) -> Q:
    return rules.RECEIVED_IT.filter(principal)  # type: ignore[misc]


def _made_by(principal: Principal) -> Q:
    return rules.MADE_IT.filter(principal)  # type: ignore[misc]


@dataclass(frozen=True)
class ReferralFilter:
    status: str = ""
    box: str = ""
    overdue: bool = False

    def __str__(self) -> str:
        return _described(self)


def _described(f: object) -> str:
    """The filter as the access log keeps it: only what was set."""
    shown = [f"{k}={v}" for k, v in asdict(f).items() if v not in (None, "", False)]  # type: ignore[call-overload]
    return " · ".join(shown) or "(전체)"


def referral_list(principal: Principal, f: ReferralFilter | None = None) -> QuerySet[Referral]:
    """의뢰 현황: overdue first, then by due date; each row with `overdue`."""
    f = f or ReferralFilter()
    qs = rules.referrals_visible_to(principal)
    if f.box == MADE:
        qs = qs.filter(_made_by(principal))
    elif f.box == RECEIVED:
        qs = qs.filter(_addressed_to(principal))
    if f.status == WAITING:
        qs = qs.filter(status__in=states.OPEN_STATUSES)
    elif f.status == UNTOLD:
        qs = qs.filter(status__in=states.CLOSED_STATUSES, resident_told_on__isnull=True)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.filter(status__in=states.OPEN_STATUSES, due_on__lt=dt.date.today())
    return _overdue(qs).select_related(*REFERRAL_RELATED).order_by(F("overdue").desc(), "due_on", "-id")


def referrals_waiting_for(principal: Principal) -> QuerySet[Referral]:
    """Internal referrals addressed to me or my team that are not answered yet (work list), due first."""
    qs = rules.referrals_visible_to(principal).filter(_addressed_to(principal), status__in=states.OPEN_STATUSES)
    return _overdue(qs).select_related(*REFERRAL_RELATED).order_by("due_on", "id")


def referrals_made_by(principal: Principal) -> QuerySet[Referral]:
    """Referrals I made that are still waiting for an answer, each with `overdue`, overdue first."""
    qs = rules.referrals_visible_to(principal).filter(_made_by(principal), status__in=states.OPEN_STATUSES)
    return _overdue(qs).select_related(*REFERRAL_RELATED).order_by(F("overdue").desc(), "due_on", "id")


def overdue_referrals_made_by(principal: Principal) -> QuerySet[Referral]:
    """Referrals I made whose due date has passed without an answer (work list)."""
    return referrals_made_by(principal).filter(due_on__lt=dt.date.today())


def untold_results_for(principal: Principal) -> QuerySet[Referral]:
    """Answered referrals (완료·반려) I made, or received internally, whose result the resident was not told."""
    qs = rules.referrals_visible_to(principal).filter(
        _made_by(principal) | _addressed_to(principal),
        status__in=states.CLOSED_STATUSES,
        resident_told_on__isnull=True,
    )
    return _overdue(qs).select_related(*REFERRAL_RELATED).order_by("closed_on", "id")


@dataclass(frozen=True)
class ReferralCounts:
    waiting_for_me: int
    made_waiting: int
    made_overdue: int
    untold: int


def referral_counts(principal: Principal) -> ReferralCounts:
    """The four work-list figures in one query."""
    today = dt.date.today()
    open_ = Q(status__in=states.OPEN_STATUSES)
    addressed, made = _addressed_to(principal), _made_by(principal)
    untold = (made | addressed) & Q(status__in=states.CLOSED_STATUSES, resident_told_on__isnull=True)
    figures = rules.referrals_visible_to(principal).aggregate(
        waiting_for_me=Count("pk", filter=addressed & open_),
        made_waiting=Count("pk", filter=made & open_),
        made_overdue=Count("pk", filter=made & open_ & Q(due_on__lt=today)),
        untold=Count("pk", filter=untold),
    )
    return ReferralCounts(**figures)


def referrals_of_consultation(principal: Principal, consultation: Consultation) -> list[Referral]:
    qs = rules.referrals_visible_to(principal).filter(consultation=consultation)
    return list(_overdue(qs).select_related(*REFERRAL_RELATED).order_by("requested_on", "id"))


# --- Desk roster -----------------------------------------------------------------------------------


def desk_on(dong_id: int, day: dt.date) -> list[DeskShift]:
    """Who is on the desk that day."""
    return list(DeskShift.objects.filter(dong_id=dong_id, day=day).select_related("staff").order_by("mode", "staff"))


def desk_days(dong_id: int, first: dt.date, last: dt.date) -> list[tuple[dt.date, list[DeskShift]]]:
    """Every day from `first` to `last` with who is on the desk (an empty list when nobody is)."""
    by_day: dict[dt.date, list[DeskShift]] = {}
    shifts = DeskShift.objects.filter(dong_id=dong_id, day__range=(first, last)).select_related("staff")
    for shift in shifts.order_by("day", "mode", "staff__name"):
        by_day.setdefault(shift.day, []).append(shift)
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [(day, by_day.get(day, [])) for day in days]


def desk_this_week(dong_id: int, today: dt.date | None = None) -> list[tuple[dt.date, list[DeskShift]]]:
    """Monday to Friday of the current week."""
    today = today or dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    return desk_days(dong_id, monday, monday + dt.timedelta(days=4))


def desk_month(dong_id: int, year: int, month: int) -> list[tuple[dt.date, list[DeskShift]]]:
    last = calendar.monthrange(year, month)[1]
    return desk_days(dong_id, dt.date(year, month, 1), dt.date(year, month, last))
