"""The progress figures: targets, consented, visited and 진도율 per programme and dong, and visits by who went.

Two aggregate queries whatever the period or the number of dongs.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from chatdong.access.principal import Principal
from chatdong.org.models import Dong
from chatdong.outreach.cohorts.generation import month_of
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import Programme
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.visits.models import Visit

from . import rules

# Statuses that mean the household agreed to a visit (and kept it, or was visited).
CONSENTED_STATUSES = (TargetStatus.CONSENTED, TargetStatus.SCHEDULED, TargetStatus.VISITED)


TEAM_COLUMNS = [(t.value, t.label) for t in Visit.Team]


@dataclass
class ProgressRow:
    programme: str
    programme_label: str
    dong_id: int
    dong_name: str
    targets: int = 0
    consented: int = 0
    visited: int = 0
    refused: int = 0
    unreachable: int = 0
    visits: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """진도율: visits done / targets, in percent (seed 002 shows 22.5% for the 65 cohort)."""
        return round(100 * self.visited / self.targets, 1) if self.targets else 0.0

    @property
    def team_counts(self) -> list[tuple[str, int]]:
        """Visits by who went (단독 / 보건소 동행 / 타기관 동행 / 통·반장 동행), in the table's order."""
        return [(label, self.visits.get(code, 0)) for code, label in TEAM_COLUMNS]

    @property
    def consent_rate(self) -> float:
        return round(100 * self.consented / self.targets, 1) if self.targets else 0.0


@dataclass
class Progress:
    date_from: dt.date
    date_to: dt.date
    rows: list[ProgressRow]
    totals: list[ProgressRow]  # one per programme, all dongs in scope


def progress_scope(principal: Principal) -> QuerySet[Dong]:
    """Dongs whose figures the principal sees: dong staff their dong, district roles the district."""
    return rules.PROGRESS.scope(principal, Dong.objects.all())


def progress(
    principal: Principal,
    date_from: dt.date,
    date_to: dt.date,
    *,
    programme: str = "",
    dong_id: int | None = None,
) -> Progress:
    """Figures for the target months from `date_from`'s month to `date_to`'s month, per programme and dong.

    Counts only (no names), so statistics roles see them too; 돌봄위기가정 is counted like the others."""
    dongs = progress_scope(principal)
    if dong_id:
        dongs = dongs.filter(pk=dong_id)
    targets = Target.objects.filter(
        dong__in=dongs, period_start__gte=month_of(date_from)[0], period_start__lte=month_of(date_to)[0]
    )
    if programme:
        targets = targets.filter(programme=programme)
    counts = targets.values("programme", "dong_id", "dong__name").annotate(
        targets=Count("pk"),
        consented=Count("pk", filter=Q(status__in=CONSENTED_STATUSES)),
        visited=Count("pk", filter=Q(status=TargetStatus.VISITED)),
        refused=Count("pk", filter=Q(status=TargetStatus.REFUSED)),
        unreachable=Count("pk", filter=Q(status=TargetStatus.UNREACHABLE)),
    )
    rows: dict[tuple[str, int], ProgressRow] = {}
    for c in counts:
        rows[(c["programme"], c["dong_id"])] = ProgressRow(
            programme=c["programme"], programme_label=Programme(c["programme"]).label, dong_id=c["dong_id"],
            dong_name=c["dong__name"], targets=c["targets"], consented=c["consented"], visited=c["visited"],
            refused=c["refused"], unreachable=c["unreachable"], visits={t: 0 for t, _l in TEAM_COLUMNS},
        )  # fmt: skip
    visits = (
        Visit.objects.filter(target__in=targets.values("pk"))
        .values("target__programme", "target__dong_id", "team")
        .annotate(n=Count("pk"))
    )
    for v in visits:
        row = rows.get((v["target__programme"], v["target__dong_id"]))
        if row is not None:
            row.visits[v["team"]] = row.visits.get(v["team"], 0) + v["n"]
    order = {p.value: i for i, p in enumerate(Programme)}
    ordered = sorted(rows.values(), key=lambda r: (order[r.programme], r.dong_name))
    totals: dict[str, ProgressRow] = {}
    for r in ordered:
        t = totals.setdefault(
            r.programme,
            ProgressRow(r.programme, r.programme_label, 0, "계", visits={k: 0 for k, _l in TEAM_COLUMNS}),
        )
        t.targets += r.targets
        t.consented += r.consented
        t.visited += r.visited
        t.refused += r.refused
        t.unreachable += r.unreachable
        for team, n in r.visits.items():
            t.visits[team] = t.visits.get(team, 0) + n
    return Progress(date_from=date_from, date_to=date_to, rows=ordered, totals=list(totals.values()))
