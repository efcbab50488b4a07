"""API endpoints of the registry: household search, household and person records, registering a household.

Thin: each endpoint passes its door (the registry's rules), reads through `registry.selectors` or writes through
`registry.services`, logs the view in the access log, and shapes the answer with `schemas`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import Principal, principal_for
from chatdong.core.api import FIELD_LABELS, MAX_ID, error_responses, request_user
from chatdong.core.pagination import page_of

from . import contact_view, rules, selectors, services
from .models import Household
from .schemas import (
    HouseholdContactOut,
    HouseholdContactPage,
    HouseholdDetailOut,
    HouseholdIn,
    HouseholdPage,
    PersonContactOut,
    PersonDetailOut,
    household_contact,
    household_contact_row,
    household_detail,
    household_row,
    person_contact,
    person_detail,
    shows_sensitive,
)

router = Router(tags=["가구·가구원"])

FIELD_LABELS.update(
    {
        "household_id": "가구 ID",
        "person_id": "가구원 ID",
        "tong": "통",
        "ban": "반",
        "road_address": "도로명주소",
        "address_detail": "상세주소",
        "phone": "전화",
        "registry_no": "세대번호",
        "members": "가구원",
        "name": "이름",
        "birth_date": "생년월일",
        "sex": "성별",
        "relation": "세대주와의 관계",
        "resident_number": "주민등록번호",
    }
)

ACCESS_RULES = (
    "동 직원은 자기 동의 가구, 희망복지지원단은 구의 가구, 통·반장 등 주민 조력자는 배정된 가구만 봅니다. "
    "통계 담당 계정은 403을 받습니다. 범위 밖의 가구와 없는 가구는 똑같이 404로 답합니다."
)
CONTACT_VIEW = (
    "통·반장 등 주민 조력자는 연락처 형태(…Contact…: 이름·나이대·주소·전화·비상연락처)만 받습니다. 생년월일, "
    "주민등록번호, 급여·자격, 위기·특성 표시는 그 형태에 없습니다. "
)


@router.get(
    "/households",
    response={200: HouseholdPage | HouseholdContactPage, **error_responses(403, 422)},
    exclude_unset=True,
    summary="가구 검색",
    description=(
        "이름·주소(일부), 전화번호(010-1234-5678), 생년월일(1940-05-12 또는 400512), 마스킹된 주민등록번호"
        f"(400512-2******) 또는 주민등록번호 전체로 찾습니다. 한 쪽에 {settings.PAGE_SIZE}가구. "
        + CONTACT_VIEW
        + "통·반장은 이름·주소·전화번호로만 찾고, 생년월일이나 주민등록번호로 찾으면 422와 한국어 안내를 받습니다. "
        + ACCESS_RULES
    ),
)
@door(rules.VIEW)
def list_households(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="검색어"),
    dong: str = Query("", max_length=20, description="행정동 코드 또는 이름"),
    page: int = Query(1, ge=1, le=1_000_000, description="쪽 번호(1부터)"),
) -> HouseholdPage | HouseholdContactPage:
    principal = principal_for(request.user)
    query = q.strip()
    dong_id = services.find_dong(dong.strip()).pk if dong.strip() else None
    refusal = selectors.search_refusal(principal, query)
    # Past the last page: an empty page, with count and pages to show where the end is.
    paged = page_of(selectors.search_households(principal, query, dong_id), page)
    # Unlike the page, which logs searches only, every API list call is logged: a client paging
    # through all households is exactly what an auditor must be able to see.
    log.record(
        request,
        log.Action.SEARCH,
        object_type="household",
        detail=f"검색어: {selectors.loggable_query(query) or '(없음)'} · 행정동: {dong.strip() or '(전체)'} · {page}쪽",
    )
    if refusal:
        raise ValidationError(refusal)
    if rules.sees_full_record(principal):
        return HouseholdPage(**paged.figures(), results=[household_row(h) for h in paged.rows])
    rows = [household_contact_row(h, contact_view.contact_row(h)) for h in paged.rows]
    return HouseholdContactPage(**paged.figures(), results=rows)


@router.get(
    "/households/{household_id}",
    response={200: HouseholdDetailOut | HouseholdContactOut, **error_responses(403, 404, 422)},
    exclude_unset=True,
    summary="가구 상세",
    description=(
        "가구원(주민등록번호는 마스킹), 급여·자격, 위기·특성 표시, 비상연락처. "
        + CONTACT_VIEW
        + "(record=contact, 현재 가구원만) 학대·폭력·자살위험 표시는 담당 직원과 동 복지수퍼바이저만 봅니다. "
        + ACCESS_RULES
    ),
)
@door(rules.VIEW)
def get_household(
    request: HttpRequest, household_id: int = Path(..., ge=1, le=MAX_ID)
) -> HouseholdDetailOut | HouseholdContactOut:
    principal = principal_for(request.user)
    household = rules.get_household(principal, household_id)
    detail = _detail_for(principal, household)
    sensitive = isinstance(detail, HouseholdDetailOut) and shows_sensitive(detail.members)
    log.record(
        request,
        log.Action.VIEW_SENSITIVE if sensitive else log.Action.VIEW,
        object_type="household",
        object_id=household.pk,
        household_id=household.pk,
        detail=", ".join(m.name for m in detail.members[:5]),
    )
    return detail


@router.get(
    "/persons/{person_id}",
    response={200: PersonDetailOut | PersonContactOut, **error_responses(403, 404, 422)},
    exclude_unset=True,
    summary="가구원 상세",
    description="가구 상세와 같은 규칙으로 한 사람의 기록을 줍니다. " + CONTACT_VIEW + ACCESS_RULES,
)
@door(rules.VIEW)
def get_person(request: HttpRequest, person_id: int = Path(..., ge=1, le=MAX_ID)) -> PersonDetailOut | PersonContactOut:
    principal = principal_for(request.user)
    person = rules.get_person(principal, person_id)
    detail: PersonDetailOut | PersonContactOut
    if rules.sees_full_record(principal):
        selectors.person_records(person)
        sensitive_allowed = rules.can_see_sensitive(principal, person.household)
        detail = person_detail(person, sensitive_allowed=sensitive_allowed)
    else:
        detail = person_contact(person, contact_view.contact_member(person))
    sensitive = isinstance(detail, PersonDetailOut) and shows_sensitive([detail])
    log.record(
        request,
        log.Action.VIEW_SENSITIVE if sensitive else log.Action.VIEW,
        object_type="person",
        object_id=person.pk,
        household_id=person.household_id,
        detail=person.name,
    )
    return detail


@router.post(
    "/households",
    response={201: HouseholdDetailOut, **error_responses(400, 403, 422)},
    exclude_unset=True,
    summary="가구 등록",
    description=(
        "가구와 가구원을 한 번에 등록합니다(세대주 정확히 한 명). 자기 동(희망복지지원단은 구)에만 등록할 수 "
        "있고, 다른 동이면 403입니다. 입력이 올바르지 않으면 422와 한국어 설명을 돌려주고 아무것도 저장하지 "
        "않습니다. 등록은 변경 이력(audit)에 남습니다."
    ),
)
@door(rules.CREATE)
def create_household(request: HttpRequest, payload: HouseholdIn) -> Status[HouseholdDetailOut]:
    principal = principal_for(request.user)
    created = services.create_household(request_user(request), principal, payload.to_input())
    household = rules.get_household(principal, created.pk)
    return Status(201, _full_detail(principal, household))


def _detail_for(principal: Principal, household: Household) -> HouseholdDetailOut | HouseholdContactOut:
    """The full record for staff; a tong leader the contact view, of the current members only."""
    if not rules.sees_full_record(principal):
        members = [m for m in selectors.household_members(household, with_records=False) if m.is_current_member]
        return household_contact(household, contact_view.contact_members(members), list(household.contacts.all()))
    return _full_detail(principal, household)


def _full_detail(principal: Principal, household: Household) -> HouseholdDetailOut:
    return household_detail(
        household,
        selectors.household_members(household, with_records=True),
        list(household.contacts.all()),
        sensitive_allowed=rules.can_see_sensitive(principal, household),
    )
