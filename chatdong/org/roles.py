"""Every role a person can hold in the system (domain.md §1). One staff member may hold several."""

from django.db import models


class Role(models.TextChoices):
    DONG_HEAD = "dong_head", "동장"
    WELFARE_SUPERVISOR = "welfare_supervisor", "복지수퍼바이저"
    OFFICER_COORDINATOR = "officer_coordinator", "우리동네주무관 총괄"
    NEIGHBOURHOOD_OFFICER = "neighbourhood_officer", "우리동네주무관"
    WELFARE_PLANNER = "welfare_planner", "복지플래너"
    VISITING_NURSE = "visiting_nurse", "방문간호사"
    CONSULTATION_OFFICER = "consultation_officer", "복지상담전문관"
    RESOURCE_MANAGER = "resource_manager", "자원관리담당자"
    SHARING_NEIGHBOUR_MANAGER = "sharing_neighbour_manager", "나눔이웃 담당자"
    VOLUNTEER_MANAGER = "volunteer_manager", "자원봉사 담당자"
    HOPE_STAFF = "hope_staff", "희망복지지원단"
    HOPE_CASE_MANAGER = "hope_case_manager", "희망복지지원단 통합사례관리사"
    DISTRICT_STATS = "district_stats", "구 통계 담당"
    CITY_ADMIN = "city_admin", "시 복지정책 담당"
    PRIVACY_AUDITOR = "privacy_auditor", "개인정보 감사 담당"


class PlannerSpeciality(models.TextChoices):
    TURNING_65 = "turning_65", "65세 도래 어르신"
    BIRTH_CHILDCARE = "birth_childcare", "출산·양육"
    POVERTY_CRISIS = "poverty_crisis", "빈곤위기가정"
    CARE_CRISIS = "care_crisis", "돌봄위기 전담"


# Roles whose work is one dong's residents.
DONG_ROLES = frozenset(
    {
        Role.DONG_HEAD,
        Role.WELFARE_SUPERVISOR,
        Role.OFFICER_COORDINATOR,
        Role.NEIGHBOURHOOD_OFFICER,
        Role.WELFARE_PLANNER,
        Role.VISITING_NURSE,
        Role.CONSULTATION_OFFICER,
        Role.RESOURCE_MANAGER,
        Role.SHARING_NEIGHBOUR_MANAGER,
        Role.VOLUNTEER_MANAGER,
    }
)
# District-level case work across every dong.
DISTRICT_CASE_ROLES = frozenset({Role.HOPE_STAFF, Role.HOPE_CASE_MANAGER})
# Figures only, never a person.
AGGREGATE_ROLES = frozenset({Role.DISTRICT_STATS, Role.CITY_ADMIN})
