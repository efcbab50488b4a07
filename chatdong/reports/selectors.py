"""Aggregate read queries for statistics: per-dong figures counted from the registry. Never a person.

`dong_figures` is shared by the API (`GET /api/v1/dongs`), the statistics page and the map, so the
three always agree. It runs a fixed number of queries (one per measure, grouped by dong) however
many dongs, households or people there are.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from chatdong.org.models import Dong
from chatdong.registry.benefit_types import STATS_COLUMNS
from chatdong.registry.models import BenefitStatus, Household, Person


@dataclass(frozen=True)
class DongCounts:
    """Figures of one dong as the registry stands on a given day.

    - `households`: households not moved out (`Household.moved_out_on` empty).
    - `residents`: current members (neither moved out nor died) of those households; `male` + `female`
      split them by `Person.sex`.
    - `recipients`: for every column of `STATS_COLUMNS` (the columns of the seed 002 table and of the
      2014 CSV, in that order), the number of distinct residents with an active benefit of a type whose
      `stats_column` is that column (0 when none). A person counts once per column, however many
      benefit types map to it.
    - `recipients_total`: distinct residents with at least one such active benefit; like the CSV's
      `welfare_recipients_total`, but without counting a person twice across columns.

    A benefit is active on the day when started_on <= day and (ended_on is empty or >= day).
    """

    id: int
    code: str
    name: str
    area_km2: Decimal | None
    households: int
    residents: int
    male: int
    female: int
    recipients: dict[str, int] = field(default_factory=dict)
    recipients_total: int = 0


def _current_residents(prefix: str = "") -> Q:
    """Current members of current households, seen from a query rooted `prefix` away from Person."""
    return Q(
        **{
            f"{prefix}moved_out_on__isnull": True,
            f"{prefix}died_on__isnull": True,
            f"{prefix}household__moved_out_on__isnull": True,
        }
    )


def _active_counted_benefits(day: dt.date) -> Q:
    return (
        Q(started_on__lte=day)
        & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        & ~Q(benefit_type__stats_column="")
        & _current_residents("person__")
    )


def dong_figures(district_id: int | None = None, *, on: dt.date | None = None) -> list[DongCounts]:
    """Figures for every dong (of one district, or all), ordered by dong code; five queries in all."""
    day = on or dt.date.today()
    dongs = Dong.objects.order_by("code")
    if district_id is not None:
        dongs = dongs.filter(district_id=district_id)
    dong_rows = list(dongs.values_list("id", "code", "name", "area_km2"))

    def in_district(path_to_dong: str) -> Q:
        return Q() if district_id is None else Q(**{f"{path_to_dong}__district_id": district_id})

    households: dict[int, int] = dict(
        Household.objects.filter(in_district("dong"), moved_out_on__isnull=True)
        .order_by()
        .values("dong_id")
        .annotate(n=Count("id"))
        .values_list("dong_id", "n")
    )

    residents_by_sex: dict[int, dict[str, int]] = defaultdict(dict)
    for dong_id, sex, n in (
        Person.objects.filter(_current_residents(), in_district("household__dong"))
        .order_by()
        .values("household__dong_id", "sex")
        .annotate(n=Count("id"))
        .values_list("household__dong_id", "sex", "n")
    ):
        residents_by_sex[dong_id][sex] = n

    benefits = BenefitStatus.objects.filter(_active_counted_benefits(day), in_district("person__household__dong"))
    by_column: dict[int, dict[str, int]] = defaultdict(dict)
    for dong_id, column, n in (
        benefits.order_by()
        .values("person__household__dong_id", "benefit_type__stats_column")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__household__dong_id", "benefit_type__stats_column", "n")
    ):
        by_column[dong_id][column] = n
    # A separate count: summing the columns would count a person with two benefits twice.
    totals: dict[int, int] = dict(
        benefits.order_by()
        .values("person__household__dong_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__household__dong_id", "n")
    )

    figures = []
    for dong_id, code, name, area in dong_rows:
        sexes = residents_by_sex.get(dong_id, {})
        columns = by_column.get(dong_id, {})
        figures.append(
            DongCounts(
                id=dong_id,
                code=code,
                name=name,
                area_km2=area,
                households=households.get(dong_id, 0),
                residents=sum(sexes.values()),
                male=sexes.get(Person.Sex.MALE, 0),
                female=sexes.get(Person.Sex.FEMALE, 0),
                recipients={column: columns.get(column, 0) for column in STATS_COLUMNS},
                recipients_total=totals.get(dong_id, 0),
            )
        )
    return figures
