"""Rows of the per-dong statistics table: the selector's counts plus rates and a district total."""

from dataclasses import dataclass

from chatdong.registry.benefit_types import STATS_COLUMNS

from .selectors import DongCounts


@dataclass(frozen=True)
class StatsRow:
    name: str
    households: int
    residents: int
    male: int
    female: int
    recipients_total: int
    recipient_values: list[int]

    @property
    def recipients_per_1000(self) -> float:
        return self.recipients_total * 1000 / self.residents if self.residents else 0.0


def rows_of(figures: list[DongCounts]) -> list[StatsRow]:
    return [
        StatsRow(
            name=f.name,
            households=f.households,
            residents=f.residents,
            male=f.male,
            female=f.female,
            recipients_total=f.recipients_total,
            recipient_values=[f.recipients[column] for column in STATS_COLUMNS],
        )
        for f in figures
    ]


def total_of(rows: list[StatsRow]) -> StatsRow:
    return StatsRow(
        name="합계",
        households=sum(r.households for r in rows),
        residents=sum(r.residents for r in rows),
        male=sum(r.male for r in rows),
        female=sum(r.female for r in rows),
        recipients_total=sum(r.recipients_total for r in rows),
        recipient_values=[sum(values) for values in zip(*(r.recipient_values for r in rows), strict=True)]
        if rows
        else [0] * len(STATS_COLUMNS),
    )
