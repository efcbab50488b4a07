"""The demo's partner agencies: at least one of every kind, with Seongbuk-like names, addresses and contacts."""

import random

from chatdong.org.models import Agency, AgencyContact, District, Dong

from .identity import landline
from .names import NameMaker
from .places import CITY_PREFIX, DONG_ROADS

K = Agency.Kind

# (kind, name, dong name or None for district-wide, runs its own case management)
AGENCIES: list[tuple[str, str, str | None, bool]] = [
    (K.HEALTH_CENTRE, "성북구보건소", "종암동", False),
    (K.HEALTH_CENTRE, "성북구보건소 정릉분소", "정릉2동", False),
    (K.COMMUNITY_WELFARE_CENTRE, "월곡종합사회복지관", "월곡2동", True),
    (K.COMMUNITY_WELFARE_CENTRE, "정릉종합사회복지관", "정릉3동", True),
    (K.COMMUNITY_WELFARE_CENTRE, "길음종합사회복지관", "길음1동", True),
    (K.COMMUNITY_WELFARE_CENTRE, "장위종합사회복지관", "장위1동", True),
    (K.COMMUNITY_WELFARE_CENTRE, "석관종합사회복지관", "석관동", True),
    (K.ELDER_WELFARE_CENTRE, "성북노인종합복지관", "삼선동", True),
    (K.ELDER_WELFARE_CENTRE, "정릉노인복지관", "정릉4동", True),
    (K.DISABLED_WELFARE_CENTRE, "성북장애인종합복지관", "석관동", True),
    (K.MENTAL_HEALTH_CENTRE, "성북구정신건강증진센터", "종암동", True),
    (K.SUICIDE_PREVENTION_CENTRE, "성북구자살예방센터", "종암동", False),
    (K.DEMENTIA_CENTRE, "성북구치매지원센터", "종암동", False),
    (K.CHILD_PROTECTION, "서울성북아동보호전문기관", None, True),
    (K.DOMESTIC_VIOLENCE_COUNSELLING, "성북가정폭력상담소", "동선동", False),
    (K.POLICE, "성북경찰서 학대예방경찰관", "삼선동", False),
    (K.POLICE, "종암경찰서 학대예방경찰관", "종암동", False),
    (K.DREAM_START, "성북구드림스타트", None, True),
    (K.JOB_CENTRE, "성북구일자리지원센터", "안암동", False),
    (K.FINANCIAL_WELFARE, "성북구금융복지상담센터", None, False),
    (K.SELF_SUFFICIENCY, "성북지역자활센터", "돈암2동", False),
    (K.HOME_ELDER_CARE, "장위재가노인지원센터", "장위2동", False),
    (K.HOME_ELDER_CARE, "월곡재가노인복지센터", "월곡1동", False),
    (K.VILLAGE_LAWYER, "성북구 마을변호사·마을세무사", None, False),
    (K.OTHER, "성북구자원봉사센터", None, False),
]
DISTRICT_OFFICE = f"{CITY_PREFIX} 보문로 168"
CONTACT_TITLES = ["사례관리팀장", "사회복지사", "상담팀장", "간호사", "담당 주무관", "실무자"]


def build_agencies(rng: random.Random, names: NameMaker, district: District, dongs: list[Dong], year: int) -> int:
    """Agencies and two or three contacts each; returns how many agencies."""
    by_name = {d.name: d for d in dongs}
    contacts = []
    for kind, name, dong_name, case_management in AGENCIES:
        agency = Agency.objects.create(
            district=district,
            dong=by_name.get(dong_name) if dong_name else None,
            name=name,
            kind=kind,
            # District-wide agencies sit in the district office building.
            address=f"{CITY_PREFIX} {DONG_ROADS[dong_name][0]} {rng.randint(1, 200)}" if dong_name else DISTRICT_OFFICE,
            phone=landline(rng),
            runs_case_management=case_management,
        )
        for title in rng.sample(CONTACT_TITLES, rng.randint(2, 3)):
            sex = "M" if rng.random() < 0.35 else "F"
            contacts.append(
                AgencyContact(
                    agency=agency, name=names.full(sex, year - rng.randint(25, 55)), title=title, phone=landline(rng)
                )
            )
    AgencyContact.objects.bulk_create(contacts)
    return len(AGENCIES)
