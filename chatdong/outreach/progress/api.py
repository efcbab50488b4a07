"""API endpoint of the progress figures (targets, consented, visited, 진도율; visits alone or joint)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.api import error_responses
from chatdong.core.dates import typed_month
from chatdong.outreach.cohorts.programmes import Programme

from . import rules
from .selectors import TEAM_COLUMNS, ProgressRow, progress

router = Router(tags=["찾아가는 복지 대상자·진도율"])


class ProgressRowOut(Schema):
    programme: Programme
    programme_label: str
    dong: str
    targets: int
    consented: int
    visited: int
    refused: int
    unreachable: int
    rate: float
    visits_by_team: dict[str, int]


class ProgressOut(Schema):
    date_from: dt.date
    date_to: dt.date
    totals: list[ProgressRowOut]
    rows: list[ProgressRowOut]


def _row(r: ProgressRow) -> ProgressRowOut:
    return ProgressRowOut(
        programme=Programme(r.programme), programme_label=r.programme_label, dong=r.dong_name, targets=r.targets,
        consented=r.consented, visited=r.visited, refused=r.refused, unreachable=r.unreachable, rate=r.rate,
        visits_by_team={code: r.visits.get(code, 0) for code, _label in TEAM_COLUMNS},
    )  # fmt: skip


@router.get(
    "/outreach/progress", response={200: ProgressOut, **error_responses(403, 422)}, summary="찾아가는 복지 진도율",
    description=(
        "대상 월 date_from–date_to(YYYY-MM, 기본은 올해 1월–이번 달)의 사업·동별 대상, 동의, 방문 완료, 진도율(%), "
        "방문 형태별 방문 수(alone 단독, with_health 보건소 동행, with_agency 타기관 동행, with_leader 통·반장 동행). "
        "숫자만 있으므로 통계 담당도 봅니다. 동 직원은 자기 동, 구 직원은 구 전체."
    ),
)  # fmt: skip
@door(rules.PROGRESS)
def get_progress(
    request: HttpRequest,
    date_from: str = Query("", max_length=7, description="대상 월(부터) YYYY-MM"),
    date_to: str = Query("", max_length=7, description="대상 월(까지) YYYY-MM"),
    programme: Programme | None = Query(None, description="사업"),
) -> ProgressOut:
    principal = principal_for(request.user)
    end = typed_month(date_to, "대상 월(까지)") or dt.date.today().replace(day=1)
    start = typed_month(date_from, "대상 월(부터)") or end.replace(month=1)
    figures = progress(principal, min(start, end), max(start, end), programme=programme or "")
    return ProgressOut(
        date_from=figures.date_from, date_to=figures.date_to, totals=[_row(r) for r in figures.totals],
        rows=[_row(r) for r in figures.rows],
    )  # fmt: skip
