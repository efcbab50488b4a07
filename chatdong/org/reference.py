"""Seongbuk-gu reference data shipped with the app: its 20 dongs with KOSTAT codes, boundaries and 2014 figures."""

import csv
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .models import District, Dong

DATA_DIR = Path(__file__).resolve().parent / "data"
STATS_CSV = DATA_DIR / "seongbuk_2014_dong_stats.csv"
DONGS_GEOJSON = DATA_DIR / "seongbuk_dongs_2013.geojson"
DISTRICT_GEOJSON = DATA_DIR / "seongbuk_district_2013.geojson"
DISTRICT_CODE = "11080"
DISTRICT_NAME = "성북구"


@dataclass(frozen=True)
class DongFigures:
    """One row of the seed 002 per-dong table."""

    name: str
    households: int
    population: int
    male: int
    female: int
    area_km2: Decimal
    recipients: dict[str, int]  # benefit column → persons, every column after the dong's own figures


# The dong's own figures; every other column of the CSV counts the recipients of one benefit
# (`registry.benefit_types.STATS_COLUMNS` names them), and `welfare_recipients_total` is their sum.
_DONG_COLUMNS = {"dong", "households", "population", "male", "female", "area_km2", "welfare_recipients_total"}


def read_dong_figures() -> list[DongFigures]:
    rows = []
    with STATS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                DongFigures(
                    name=row["dong"],
                    households=int(row["households"]),
                    population=int(row["population"]),
                    male=int(row["male"]),
                    female=int(row["female"]),
                    area_km2=Decimal(row["area_km2"]),
                    recipients={column: int(value) for column, value in row.items() if column not in _DONG_COLUMNS},
                )
            )
    return rows


def load_seongbuk() -> tuple[District, list[Dong]]:
    """Create (or update) Seongbuk-gu and its 20 dongs with codes, areas and boundaries."""
    district_shape = json.loads(DISTRICT_GEOJSON.read_text(encoding="utf-8"))["features"][0]
    district, _ = District.objects.update_or_create(
        code=DISTRICT_CODE, defaults={"name": DISTRICT_NAME, "boundary": district_shape["geometry"]}
    )
    shapes = {f["properties"]["name"]: f for f in json.loads(DONGS_GEOJSON.read_text(encoding="utf-8"))["features"]}
    dongs = []
    for figures in read_dong_figures():
        shape = shapes[figures.name]
        dong, _ = Dong.objects.update_or_create(
            code=shape["properties"]["code"],
            defaults={
                "district": district,
                "name": figures.name,
                "area_km2": figures.area_km2,
                "boundary": shape["geometry"],
            },
        )
        dongs.append(dong)
    return district, dongs
