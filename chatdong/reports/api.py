"""API endpoints of the organisation: the dongs with their registry figures (aggregates, no person)."""

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.api import Out, error_responses
from chatdong.registry.benefit_types import STATS_COLUMNS

from . import rules
from .selectors import DongCounts, dong_figures

router = Router(tags=["행정동"])

_COLUMNS_DOC = ", ".join(f"`{column}` {label}" for column, label in STATS_COLUMNS.items())


class DongOut(Out):
    code: str = Field(description="행정동코드(KOSTAT)")
    name: str = Field(description="행정동 이름")
    households: int = Field(description="가구 수(전출하지 않은 가구)")
    residents: int = Field(description="주민 수(현재 가구원: 전출·사망 제외)")
    male: int = Field(description="남자 주민 수")
    female: int = Field(description="여자 주민 수")
    recipients: dict[str, int] = Field(
        description=f"급여·자격별 수급자 수(오늘 유효한 급여, 한 사람은 항목마다 한 번). 항목: {_COLUMNS_DOC}"
    )
    recipients_total: int = Field(description="위 항목 중 하나 이상을 받는 주민 수(중복 없이)")

    @staticmethod
    def of(counts: DongCounts) -> "DongOut":
        return DongOut(
            code=counts.code,
            name=counts.name,
            households=counts.households,
            residents=counts.residents,
            male=counts.male,
            female=counts.female,
            recipients=dict(counts.recipients),
            recipients_total=counts.recipients_total,
        )


@router.get(
    "/dongs",
    response={200: list[DongOut], **error_responses(403)},
    summary="행정동별 가구·주민·수급자 수",
    description=(
        "사용자의 자치구(관리자는 전체)의 모든 행정동과 주민등록 자료에서 센 가구·주민·수급자 수. "
        "통계 담당과 동·구 직원이 볼 수 있고, 통·반장 등 주민 조력자는 403입니다."
    ),
)
@door(rules.STATISTICS)
def list_dongs(request: HttpRequest) -> list[DongOut]:
    principal = principal_for(request.user)
    return [DongOut.of(counts) for counts in dong_figures(principal.district_id)]
