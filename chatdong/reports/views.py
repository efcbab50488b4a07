"""Per-dong statistics and the district map: figures only, never a person."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from chatdong.access.doors import door
from chatdong.access.principal import Principal, principal_for
from chatdong.org.models import District, Dong
from chatdong.registry.benefit_types import STATS_COLUMNS

from . import rules, selectors, tables

# Figures a user can shade the map by: key → Korean label. Rates are per 1,000 residents.
MAP_FIGURES: dict[str, str] = {
    "recipients_rate": "수급자 (주민 1,000명당)",
    "residents": "주민 수",
    "households": "가구 수",
    "density": "인구밀도 (㎢당)",
    **{f"rate:{column}": f"{label} (주민 1,000명당)" for column, label in STATS_COLUMNS.items()},
}


def _district_id(principal: Principal) -> int | None:
    return principal.district_id


@login_required
@door(rules.STATISTICS)
def dong_stats(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    rows = tables.rows_of(selectors.dong_figures(_district_id(principal)))
    totals = tables.total_of(rows)
    figure = request.GET.get("figure", "recipients_rate")
    if figure not in MAP_FIGURES:
        figure = "recipients_rate"
    return render(
        request,
        "reports/dong_stats.html",
        {
            "rows": rows,
            "totals": totals,
            "columns": STATS_COLUMNS,
            "figures": MAP_FIGURES,
            "figure": figure,
            "figure_labels_json": json.dumps(MAP_FIGURES, ensure_ascii=False),
        },
    )


@login_required
@door(rules.STATISTICS)
def dong_map_data(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the district's dongs with their figures as properties."""
    principal = principal_for(request.user)
    district_id = _district_id(principal)
    figures = {row.code: row for row in selectors.dong_figures(district_id)}
    dongs = Dong.objects.all() if district_id is None else Dong.objects.filter(district_id=district_id)
    features = []
    for dong in dongs.only("code", "name", "boundary", "area_km2"):
        row = figures.get(dong.code)
        if dong.boundary is None or row is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": dong.boundary,
                "properties": {
                    "code": dong.code,
                    "name": dong.name,
                    "area_km2": float(dong.area_km2) if dong.area_km2 is not None else None,
                    "households": row.households,
                    "residents": row.residents,
                    "recipients_total": row.recipients_total,
                    "recipients": row.recipients,
                },
            }
        )
    district = District.objects.filter(pk=district_id).first() if district_id else District.objects.first()
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "district": district.name if district else "",
            "features": features,
        },
        json_dumps_params={"ensure_ascii": False},
    )
