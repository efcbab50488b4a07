"""API endpoint of the work list (오늘 할 일): the same sections as the home page's work list."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from pydantic import Field

from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.api import Out, error_responses

from . import rules, worklist

router = Router(tags=["오늘 할 일"])


class WorkItemOut(Out):
    title: str
    detail: str
    url: str = Field(description="화면 주소")
    due_on: dt.date | None
    overdue: bool
    urgent: bool


class WorkSectionOut(Out):
    key: str
    title: str
    group: str
    count: int = Field(description="전체 건수")
    overdue_count: int = Field(description="그중 기한이 지난 건수")
    items: list[WorkItemOut] = Field(description=f"먼저 처리할 것부터 최대 {worklist.LIMIT}건")


class WorkListOut(Out):
    today: dt.date
    sections: list[WorkSectionOut]


@router.get(
    "/worklist",
    response={200: WorkListOut, **error_responses(403)},
    summary="오늘 할 일",
    description=(
        "사례 진행 차례(욕구조사·서비스계획), 점검 기한 지남·이번 주 점검(담당 사례), 모니터링 가구 기한 지남·이번 주, "
        "사후관리 예정(7일 안), 의뢰 회신 대기(기한 지난 것부터), 나에게 온 의뢰, 결과 안내 필요, 전달받은 발굴·민원, "
        "주간 활동보고 미제출(주무관 총괄), 승인 대기(복지수퍼바이저: 종결·선정·서비스계획·동의 예외), "
        "다가오는 회의(사례회의·월례회의, 14일 안). "
        "구역마다 전체 건수와 먼저 처리할 것부터 최대 10건. 동 직원과 희망복지지원단 직원만(아니면 403)."
    ),
)
@door(rules.WORK_LIST)
def get_worklist(request: HttpRequest) -> WorkListOut:
    principal = principal_for(request.user)
    today = timezone.localdate()
    return WorkListOut(
        today=today,
        sections=[
            WorkSectionOut(
                key=s.key,
                title=s.title,
                group=s.group,
                count=s.count,
                overdue_count=s.overdue_count,
                items=[WorkItemOut(**vars(i)) for i in s.items],
            )
            for s in worklist.work_list(principal, today)
        ],
    )
