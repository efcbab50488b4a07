"""Places and people who work there: district, dong, team, staff, zone/tong/ban, leaders, agencies."""

from django.conf import settings
from django.db import models

from chatdong.core.models import TimeStamped

from .roles import PlannerSpeciality, Role


class District(models.Model):
    code = models.CharField("행정구역코드", max_length=5, unique=True)
    name = models.CharField("자치구", max_length=20)
    boundary = models.JSONField("경계(GeoJSON)", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "자치구"

    def __str__(self) -> str:
        return self.name


class Dong(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="dongs", verbose_name="자치구")
    code = models.CharField("행정동코드(KOSTAT)", max_length=10, unique=True)
    name = models.CharField("행정동", max_length=20)
    area_km2 = models.DecimalField("면적(㎢)", max_digits=7, decimal_places=2, null=True, blank=True)
    boundary = models.JSONField("경계(GeoJSON)", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "행정동"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        ADMINISTRATION = "admin", "행정자치팀"
        WELFARE_1 = "welfare1", "복지1팀"
        WELFARE_2 = "welfare2", "복지2팀"
        HOPE = "hope", "희망복지지원단"
        DISTRICT_OFFICE = "district", "구청 복지정책과"

    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="teams", null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="teams")
    kind = models.CharField("팀", max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = verbose_name_plural = "팀"
        constraints = [models.UniqueConstraint(fields=["district", "dong", "kind"], name="team_unique_kind")]

    def __str__(self) -> str:
        return f"{self.dong or self.district} {self.get_kind_display()}"


class StaffMember(TimeStamped):
    """A person who works in the system: dong or district staff. A leader is not staff."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField("이름", max_length=30)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="staff")
    dong = models.ForeignKey(
        Dong, on_delete=models.PROTECT, related_name="staff", null=True, blank=True, help_text="구 소속이면 비움"
    )
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, related_name="members", null=True, blank=True)
    phone = models.CharField("전화", max_length=20, blank=True)
    position = models.CharField("직급", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "직원"
        ordering = ["dong__code", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.dong or self.district})"


class RoleAssignment(models.Model):
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("역할", max_length=40, choices=Role.choices)
    speciality = models.CharField("복지플래너 전담분야", max_length=30, choices=PlannerSpeciality.choices, blank=True)
    started_on = models.DateField("시작일", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "역할"
        constraints = [models.UniqueConstraint(fields=["staff", "role", "speciality"], name="role_once")]

    def __str__(self) -> str:
        label = self.get_role_display()
        return f"{label}({self.get_speciality_display()})" if self.speciality else label


class Zone(models.Model):
    """구역: a set of tongs walked by one neighbourhood officer (우리동네주무관)."""

    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="zones")
    number = models.PositiveSmallIntegerField("구역 번호")
    name = models.CharField("구역명", max_length=40, blank=True)
    officer = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="zones",
        verbose_name="우리동네주무관",
    )  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "구역"
        ordering = ["dong__code", "number"]
        constraints = [models.UniqueConstraint(fields=["dong", "number"], name="zone_number_in_dong")]

    def __str__(self) -> str:
        return self.name or f"{self.number}구역"


class Tong(models.Model):
    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="tongs")
    number = models.PositiveSmallIntegerField("통")
    zone = models.ForeignKey(Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="tongs")

    class Meta:
        verbose_name = verbose_name_plural = "통"
        ordering = ["dong__code", "number"]
        constraints = [models.UniqueConstraint(fields=["dong", "number"], name="tong_number_in_dong")]

    def __str__(self) -> str:
        return f"{self.number}통"


class Ban(models.Model):
    tong = models.ForeignKey(Tong, on_delete=models.CASCADE, related_name="bans")
    number = models.PositiveSmallIntegerField("반")

    class Meta:
        verbose_name = verbose_name_plural = "반"
        ordering = ["tong__number", "number"]
        constraints = [models.UniqueConstraint(fields=["tong", "number"], name="ban_number_in_tong")]

    def __str__(self) -> str:
        return f"{self.tong.number}통 {self.number}반"


class NeighbourhoodLeader(TimeStamped):
    """통장·반장·복지통장 and other resident volunteers. Not staff: they see only what they are given."""

    class Kind(models.TextChoices):
        TONG_LEADER = "tongjang", "통장"
        BAN_LEADER = "banjang", "반장"
        WELFARE_TONG_LEADER = "welfare_tongjang", "복지통장"
        HONORARY_WORKER = "honorary", "명예사회복지공무원"
        WELFARE_COMMISSIONER = "commissioner", "동 복지위원"
        COUNCIL_MEMBER = "council", "동 지역사회보장협의체 위원"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="leader"
    )
    name = models.CharField("이름", max_length=30)
    kind = models.CharField("구분", max_length=20, choices=Kind.choices)
    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="leaders")
    tong = models.ForeignKey(Tong, on_delete=models.SET_NULL, null=True, blank=True, related_name="leaders")
    ban = models.ForeignKey(Ban, on_delete=models.SET_NULL, null=True, blank=True, related_name="leaders")
    phone = models.CharField("전화", max_length=20, blank=True)
    appointed_on = models.DateField("위촉일", null=True, blank=True)
    term_ends_on = models.DateField("임기 만료일", null=True, blank=True)
    reappointments = models.PositiveSmallIntegerField("연임 횟수", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "통·반장 및 주민 조력자"
        ordering = ["dong__code", "tong__number", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Agency(TimeStamped):
    class Kind(models.TextChoices):
        HEALTH_CENTRE = "health_centre", "보건소"
        COMMUNITY_WELFARE_CENTRE = "community_welfare", "종합사회복지관"
        ELDER_WELFARE_CENTRE = "elder_welfare", "노인복지관"
        DISABLED_WELFARE_CENTRE = "disabled_welfare", "장애인복지관"
        MENTAL_HEALTH_CENTRE = "mental_health", "정신건강증진센터"
        SUICIDE_PREVENTION_CENTRE = "suicide_prevention", "자살예방센터"
        DEMENTIA_CENTRE = "dementia", "치매지원센터"
        CHILD_PROTECTION = "child_protection", "아동보호전문기관"
        DOMESTIC_VIOLENCE_COUNSELLING = "dv_counselling", "가정폭력상담소"
        POLICE = "police", "경찰서(학대전담경찰관)"
        DREAM_START = "dream_start", "드림스타트"
        JOB_CENTRE = "job_centre", "일자리지원센터"
        FINANCIAL_WELFARE = "financial_welfare", "금융복지상담센터"
        SELF_SUFFICIENCY = "self_sufficiency", "지역자활센터"
        HOME_ELDER_CARE = "home_elder_care", "재가노인복지센터"
        VILLAGE_LAWYER = "village_lawyer", "마을변호사·세무사"
        OTHER = "other", "기타"

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="agencies")
    dong = models.ForeignKey(Dong, on_delete=models.SET_NULL, null=True, blank=True, related_name="agencies")
    name = models.CharField("기관명", max_length=80)
    kind = models.CharField("기관 유형", max_length=30, choices=Kind.choices)
    address = models.CharField("주소", max_length=200, blank=True)
    phone = models.CharField("대표 전화", max_length=20, blank=True)
    runs_case_management = models.BooleanField("자체 사례관리 수행", default=False)
    notes = models.TextField("비고", max_length=2_000, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "기관"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class AgencyContact(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("담당자", max_length=30)
    title = models.CharField("직위·업무", max_length=40, blank=True)
    phone = models.CharField("전화", max_length=20, blank=True)
    email = models.EmailField("이메일", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "기관 담당자"

    def __str__(self) -> str:
        return f"{self.agency.name} {self.name}"
