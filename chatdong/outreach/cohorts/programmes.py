"""The four outreach programmes (domain.md §3.1) and what a visit explains in each of them."""

from django.db import models

from chatdong.org.roles import PlannerSpeciality


class Programme(models.TextChoices):
    # The same codes as the planner specialities: a cohort is worked by the planners of its speciality.
    TURNING_65 = PlannerSpeciality.TURNING_65.value, "65세 도래 어르신"
    BIRTH_CHILDCARE = PlannerSpeciality.BIRTH_CHILDCARE.value, "출산·양육가정"
    POVERTY_CRISIS = PlannerSpeciality.POVERTY_CRISIS.value, "빈곤위기가정"
    CARE_CRISIS = PlannerSpeciality.CARE_CRISIS.value, "돌봄위기가정"


class Source(models.TextChoices):
    """Where a target came from."""

    REGISTRY = "registry", "주민등록 자료"
    BIRTH_REGISTRATION = "birth_registration", "출생신고(부모 동의)"
    BENEFIT_LIST = "benefit_list", "수급자 명단"
    OFFICER = "officer", "우리동네주무관 발굴"
    LEADER = "leader", "통·반장 발굴"
    RESIDENT = "resident", "주민 제보"
    AGENCY_REFERRAL = "agency_referral", "기관 의뢰"
    PLANNER = "planner", "복지플래너 발굴"


# Services a visit explains, per programme (방문상담기록지 안내 항목), from seeds 000 and 002.
CHECKLISTS: dict[str, list[tuple[str, str]]] = {
    Programme.TURNING_65: [
        ("basic_pension", "기초연금"),
        ("elder_jobs", "노인일자리"),
        ("long_term_care", "노인장기요양보험"),
        ("elder_care_service", "노인맞춤돌봄서비스"),
        ("health_checkup", "건강검진·보건소 서비스"),
        ("dementia_screening", "치매조기검진"),
        ("senior_centre", "경로당·노인복지관 이용"),
    ],
    Programme.BIRTH_CHILDCARE: [
        ("childbirth_grant", "출산축하금·출산지원금"),
        ("childcare_allowance", "가정양육수당"),
        ("childcare_fee", "보육료 지원"),
        ("child_allowance", "아동수당"),
        ("maternal_health", "산모·신생아 건강관리"),
        ("vaccination", "예방접종"),
        ("dream_start", "드림스타트"),
    ],
    Programme.POVERTY_CRISIS: [
        ("basic_livelihood", "국민기초생활보장"),
        ("emergency_aid", "긴급복지지원"),
        ("seoul_basic", "서울형 기초보장"),
        ("near_poor", "차상위 지원"),
        ("self_sufficiency", "자활사업"),
        ("housing_support", "주거급여·주거지원"),
        ("financial_counselling", "금융복지상담"),
        ("jobs", "일자리 지원"),
    ],
    Programme.CARE_CRISIS: [
        ("child_protection", "아동보호전문기관 연계"),
        ("dv_counselling", "가정폭력상담소 연계"),
        ("shelter", "보호시설 안내"),
        ("emergency_aid", "긴급복지지원"),
        ("mental_health", "정신건강증진센터"),
        ("legal_aid", "법률지원(마을변호사)"),
    ],
}
