"""The seed 002 per-dong table and the registry name the same benefit columns."""

from chatdong.org.reference import read_dong_figures
from chatdong.registry.benefit_types import STATS_COLUMNS


def test_every_dong_row_counts_exactly_the_registrys_benefit_columns():
    figures = read_dong_figures()
    assert len(figures) == 20
    for dong in figures:
        assert set(dong.recipients) == set(STATS_COLUMNS), dong.name
