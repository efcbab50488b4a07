"""Target lists of the planners' cohorts, generated from the registry for a dong and a month.

The rules, one per programme (domain.md §3.1, seed 002 찾아가는 복지실현):

- 65세 도래: residents of the dong who turn 65 during the month (주민등록 전산망).
- 출산·양육: (a) babies under one whose parent gave the desk a visit consent (출생신고 때 동의) and who
  were not listed before — each birth once; (b) children on 가정양육수당 turning 3, 4 or 5 during the
  month — a visit a year around the birthday.
- 빈곤위기가정: one person per household among the current recipients of the poverty benefits below,
  in the month their benefit started (a yearly check on the anniversary, which spreads the list over
  the year and lists new recipients at once); discoveries by officers, tong leaders and residents
  enter one by one (`targets.add_discovery`).
- 돌봄위기가정: referrals only (`targets.refer_care_crisis`); nothing is generated.

Generation is idempotent: a person already listed for the programme and month is counted, not added
again, and keeps their planner. New targets go to planners by zone (`org.planners.PlannerPicker`).
The cost is a fixed handful of queries per dong and programme whatever the dong's size.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from chatdong.access import audit
from chatdong.access.principal import Principal
from chatdong.core.dates import add_months
from chatdong.core.types import Actor
from chatdong.core.unique import only_one
from chatdong.org.models import Dong
from chatdong.org.planners import PlannerPicker
from chatdong.registry.models import BenefitStatus, Consent, Person

from . import rules
from .models import CohortRun, Target
from .programmes import Programme, Source

# Benefits whose recipients the poverty-crisis planner checks on (수급자, 차상위, 서울형 기초보장).
POVERTY_BENEFITS = (
    "basic_livelihood", "livelihood_benefit", "medical_benefit", "housing_benefit", "education_benefit",
    "seoul_basic_security", "near_poor_self_support", "near_poor_disabled", "near_poor_copay_reduction",
    "near_poor_priority_care", "near_poor_confirmed",
)  # fmt: skip
HOME_CARE_ALLOWANCE = "home_care_allowance"
HOME_CARE_AGES = (3, 4, 5)
# Programmes whose lists come from the registry (돌봄위기가정 comes from referrals).
GENERATED = (Programme.TURNING_65, Programme.BIRTH_CHILDCARE, Programme.POVERTY_CRISIS)
# A month outside this range is a typing mistake.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
TARGET_FIELDS = ["programme", "period_start", "dong", "household", "person", "source", "reason", "planner", "status"]


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the day's month."""
    start = day.replace(day=1)
    return start, add_months(start, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Candidate:
    person_id: int
    household_id: int
    zone_id: int | None
    source: str
    reason: str


def _current(qs: QuerySet[Person], dong_id: int) -> QuerySet[Person]:
    """Living residents still registered in the dong."""
    return qs.filter(
        household__dong_id=dong_id,
        household__moved_out_on__isnull=True,
        moved_out_on__isnull=True,
        died_on__isnull=True,
    )


def _rows(qs: QuerySet[Person]) -> list[tuple[int, int, int | None, dt.date]]:
    return list(qs.order_by("pk").values_list("pk", "household_id", "household__tong__zone_id", "birth_date"))


def _years_later(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def _turning(start: dt.date, end: dt.date, age: int) -> Q:
    """Born so that the age is reached within [start, end]."""
    return Q(birth_date__range=(_years_later(start, -age), _years_later(end, -age)))


def turning_65(dong_id: int, start: dt.date, end: dt.date) -> list[Candidate]:
    rows = _rows(_current(Person.objects.filter(_turning(start, end, 65)), dong_id))
    return [
        Candidate(pk, hh, zone, Source.REGISTRY, f"{_years_later(born, 65):%Y-%m-%d} 만 65세 도래")
        for pk, hh, zone, born in rows
    ]


def _active_benefit(codes: tuple[str, ...] | str, start: dt.date, end: dt.date) -> Q:
    codes = (codes,) if isinstance(codes, str) else codes
    return Q(benefit_type__code__in=codes, started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def birth_childcare(dong_id: int, start: dt.date, end: dt.date) -> list[Candidate]:
    consent = Consent.objects.filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end),
        person__household_id=OuterRef("household_id"),
        kind=Consent.Kind.VISIT,
        given_on__gte=OuterRef("birth_date"),
        given_on__lte=end,
    ).exclude(person_id=OuterRef("pk"))
    listed_before = Target.objects.filter(
        programme=Programme.BIRTH_CHILDCARE, person_id=OuterRef("pk"), source=Source.BIRTH_REGISTRATION,
        period_start__lt=start,
    )  # fmt: skip
    babies = _current(Person.objects.filter(birth_date__gt=add_months(end, -12), birth_date__lte=end), dong_id)
    babies = babies.filter(Exists(consent)).exclude(Exists(listed_before))
    found = [
        Candidate(pk, hh, zone, Source.BIRTH_REGISTRATION, f"{born:%Y-%m-%d} 출생 · 부모 방문 동의")
        for pk, hh, zone, born in _rows(babies)
    ]
    turning = Q()
    for age in HOME_CARE_AGES:
        turning |= _turning(start, end, age)
    allowance = BenefitStatus.objects.filter(_active_benefit(HOME_CARE_ALLOWANCE, start, end), person_id=OuterRef("pk"))
    children = _current(Person.objects.filter(turning).filter(Exists(allowance)), dong_id)
    seen = {c.person_id for c in found}
    for pk, hh, zone, born in _rows(children):
        if pk in seen:
            continue
        age = next(a for a in HOME_CARE_AGES if start <= _years_later(born, a) <= end)
        found.append(
            Candidate(
                pk, hh, zone, Source.BENEFIT_LIST, f"가정양육수당 · {_years_later(born, age):%Y-%m-%d} 만 {age}세"
            )
        )
    return found


def poverty_crisis(dong_id: int, start: dt.date, end: dt.date) -> list[Candidate]:
    statuses = (
        BenefitStatus.objects.filter(_active_benefit(POVERTY_BENEFITS, start, end), started_on__month=start.month)
        .filter(person__in=_current(Person.objects.all(), dong_id))
        .order_by("person__household_id", "person__relation", "person_id", "benefit_type__order")
        .values_list(
            "person_id", "person__household_id", "person__household__tong__zone_id", "person__relation",
            "benefit_type__name", "started_on",
        )
    )  # fmt: skip
    best: dict[int, tuple] = {}
    for row in statuses:
        household_id = row[1]
        # One person a household: the head if they receive it, else the first recipient.
        if household_id not in best or (row[3] == Person.Relation.HEAD and best[household_id][3] != row[3]):
            best[household_id] = row
    return [
        Candidate(pk, hh, zone, Source.BENEFIT_LIST, f"{name} 수급 개시 {began:%Y-%m} · 연 1회 생활실태 확인")
        for pk, hh, zone, _relation, name, began in sorted(best.values())
    ]


RULES: dict[str, Callable[[int, dt.date, dt.date], list[Candidate]]] = {
    Programme.TURNING_65: turning_65,
    Programme.BIRTH_CHILDCARE: birth_childcare,
    Programme.POVERTY_CRISIS: poverty_crisis,
}


def _check(principal: Principal | None, dong: Dong, programme: str, month: dt.date) -> None:
    if principal is not None:  # the monthly task generates every dong's lists
        rules.GENERATE.require(principal, dong.pk)
    if programme == Programme.CARE_CRISIS:
        raise ValidationError("돌봄위기가정은 경찰서·아동보호전문기관·가정폭력상담소의 의뢰로만 등록합니다.")
    if programme not in RULES:
        raise ValidationError("사업을 선택하세요.")
    if not EARLIEST_YEAR <= month.year <= LATEST_YEAR:
        raise ValidationError("대상 월이 올바르지 않습니다.")


@transaction.atomic
def generate(user: Actor | None, principal: Principal | None, dong: Dong, programme: str, month: dt.date) -> CohortRun:
    """List the programme's targets of the dong for the month; `principal` None is the monthly task."""
    _check(principal, dong, programme, month)
    start, end = month_of(month)
    candidates = RULES[programme](dong.pk, start, end)
    existing = Target.objects.filter(dong=dong, programme=programme, period_start=start)
    listed_people = set(existing.values_list("person_id", flat=True))
    # The poverty list is per household: a household already listed this month (a discovery) counts.
    listed_households = (
        set(existing.values_list("household_id", flat=True)) if programme == Programme.POVERTY_CRISIS else set()
    )
    picker = PlannerPicker(dong.pk, programme)
    for planner_id in existing.exclude(planner__isnull=True).values_list("planner_id", flat=True):
        picker.note_id(planner_id)
    run = CohortRun.objects.create(
        dong=dong, programme=programme, period_start=start, period_end=end,
        generated_by=principal.staff if principal else None,
    )  # fmt: skip
    new = []
    for c in candidates:
        if c.person_id in listed_people or c.household_id in listed_households:
            continue
        planner = picker.pick(c.zone_id)
        new.append(
            Target(
                programme=programme, period_start=start, dong=dong, zone_id=c.zone_id, household_id=c.household_id,
                person_id=c.person_id, run=run, source=c.source, reason=c.reason[:200], planner=planner,
            )
        )  # fmt: skip
    listed_meanwhile = (
        f"{dong.name} {Programme(programme).label} {start:%Y년 %m월} 명단을 다른 직원이 방금 만들어 이미 있습니다. "
        "목록을 새로 고쳐 확인하세요."
    )
    with only_one(Target, listed_meanwhile):  # two generations of the same list at the same moment
        Target.objects.bulk_create(new, batch_size=1000)
    run.added = len(new)
    run.already_listed = len(candidates) - len(new)
    run.save(update_fields=["added", "already_listed"])
    if new and new[0].pk is None:  # backends that do not return ids on bulk insert
        new = list(Target.objects.filter(run=run))
    entries = [audit.build_created(user, t, TARGET_FIELDS, t.household_id) for t in new]
    entries.append(
        audit.build_created(
            user, run, ["dong", "programme", "period_start", "period_end", "added", "already_listed"], None
        )
    )
    audit.record_many(entries)
    return run


def generate_month(month: dt.date, dongs: QuerySet[Dong] | None = None) -> list[CohortRun]:
    """The monthly background generation: every registry-based programme for every dong (or those given)."""
    runs = []
    for dong in dongs if dongs is not None else Dong.objects.order_by("code"):
        for programme in GENERATED:
            runs.append(generate(None, None, dong, programme, month))
    return runs
