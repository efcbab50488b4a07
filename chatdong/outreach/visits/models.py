"""Home visits (방문상담기록지) with who went, needs, screenings and links; the households kept under
watch, their contacts, and each dong's monitoring cadence."""

from django.db import models

from chatdong.cases.models import Case
from chatdong.core.models import TimeStamped
from chatdong.core.needs import NeedDomain
from chatdong.org.models import Agency, Dong, NeighbourhoodLeader, StaffMember
from chatdong.outreach.cohorts.models import Target
from chatdong.outreach.cohorts.programmes import Programme
from chatdong.registry.models import Flag, Household, Person
from chatdong.resources.models import ServiceProgramme

from .states import Tier


class Visit(TimeStamped):
    class Team(models.TextChoices):
        """Who went, for the progress figures (seed 002: 단독 / 보건소 동행 / 타기관 동행)."""

        ALONE = "alone", "단독 방문"
        WITH_HEALTH = "with_health", "보건소(방문간호사) 동행"
        WITH_AGENCY = "with_agency", "타기관 동행"
        WITH_LEADER = "with_leader", "통·반장 동행"

    class FamilyForm(models.TextChoices):
        SINGLE = "single", "1인 가구"
        COUPLE = "couple", "부부"
        COUPLE_CHILDREN = "couple_children", "부부+자녀"
        SINGLE_PARENT = "single_parent", "한부모"
        GRANDPARENT = "grandparent", "조손"
        EXTENDED = "extended", "3세대 이상"
        OTHER = "other", "기타"

    class Tenure(models.TextChoices):
        OWNED = "owned", "자가"
        JEONSE = "jeonse", "전세"
        MONTHLY_RENT = "monthly_rent", "월세"
        PUBLIC_RENTAL = "public_rental", "공공임대"
        FREE = "free", "무상"
        OTHER = "other", "기타"

    class Housing(models.TextChoices):
        APARTMENT = "apartment", "아파트"
        DETACHED = "detached", "단독주택"
        MULTI_UNIT = "multi_unit", "다세대·연립"
        SEMI_BASEMENT = "semi_basement", "반지하"
        ROOFTOP = "rooftop", "옥탑방"
        GOSIWON = "gosiwon", "고시원·쪽방"
        OTHER = "other", "기타"

    class Outcome(models.TextChoices):
        NORMAL = "normal", "정상군(정보 안내 후 종결)"
        MANAGED = "managed", "관리대상군"

    class Classification(models.TextChoices):
        POVERTY_CRISIS = "poverty_crisis", "빈곤위기가정"
        SIMPLE_HEALTH = "simple_health", "단순가구-보건욕구"
        SIMPLE_WELFARE = "simple_welfare", "단순가구-복지욕구"

    target = models.ForeignKey(Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits")
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="outreach_visits")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="outreach_visits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="outreach_visits", verbose_name="대상자")
    visited_on = models.DateField("방문일", db_index=True)
    visitor = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="outreach_visits", verbose_name="방문자"
    )
    team = models.CharField("방문 형태", max_length=20, choices=Team.choices, default=Team.ALONE)
    members_present = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name="면담 가구원")
    family_form = models.CharField("가족 형태", max_length=20, choices=FamilyForm.choices, blank=True)
    tenure = models.CharField("점유 형태", max_length=20, choices=Tenure.choices, blank=True)
    housing = models.CharField("주거 형태", max_length=20, choices=Housing.choices, blank=True)
    housing_note = models.CharField("주거 상황", max_length=300, blank=True)
    monthly_income = models.PositiveIntegerField("월 소득(만원)", null=True, blank=True)
    economic_note = models.CharField("경제 상황", max_length=300, blank=True)
    # Codes of programmes.CHECKLISTS[programme] that were explained.
    services_explained = models.JSONField("안내한 서비스", default=list, blank=True)
    summary = models.TextField("상담 내용", max_length=5_000)
    outcome = models.CharField("판정", max_length=20, choices=Outcome.choices)
    classification = models.CharField("관리대상 분류", max_length=20, choices=Classification.choices, blank=True)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="outreach_visits")
    # Abuse or violence seen during the visit: the flag kind and the date it was reported to 112.
    abuse_sign = models.CharField("학대·폭력 징후", max_length=30, choices=Flag.choices, blank=True)
    reported_to_police_on = models.DateField("112 신고일", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "방문상담기록"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["dong", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.person.name} 방문"


class VisitCompanion(models.Model):
    """Someone who went along: a nurse or another staff member, a tong leader, or agency staff (APO…)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="companions")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    leader = models.ForeignKey(NeighbourhoodLeader, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField("이름", max_length=30, blank=True)
    role = models.CharField("역할", max_length=50, blank=True)


class VisitNeed(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="needs")
    domain = models.CharField("욕구 영역", max_length=20, choices=NeedDomain.choices)
    note = models.CharField("내용", max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "domain"], name="visit_need_once")]


class Screening(models.Model):
    """A nurse's screening on a visit, as a score read against the instrument's threshold."""

    class Kind(models.TextChoices):
        DEPRESSION = "depression", "우울 선별"
        COGNITIVE = "cognitive", "인지저하 선별"
        CHRONIC = "chronic", "만성질환 관리"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="screenings")
    kind = models.CharField("선별 종류", max_length=20, choices=Kind.choices)
    score = models.PositiveSmallIntegerField("점수")
    positive = models.BooleanField("기준 해당(위험)", default=False)
    screened_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "kind"], name="screening_once_per_visit")]


class VisitLink(models.Model):
    """A service the household was linked to after the visit (e.g. 보건소, 노인일자리)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    programme = models.ForeignKey(ServiceProgramme, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField("내용", max_length=200, blank=True)


class CadenceSetting(models.Model):
    """A dong's own interval for a tier, replacing the default of states.DEFAULT_INTERVAL_DAYS."""

    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="cadences")
    tier = models.CharField("관리 등급", max_length=20, choices=Tier.choices)
    interval_days = models.PositiveSmallIntegerField("점검 주기(일)")

    class Meta:
        verbose_name = verbose_name_plural = "모니터링 주기"
        constraints = [models.UniqueConstraint(fields=["dong", "tier"], name="cadence_once_per_tier")]


class WatchedHousehold(TimeStamped):
    """A household kept under regular monitoring after a visit or a referral; the next contact is due
    when the tier's interval has passed since the last one."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="watches")
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField("사업", max_length=20, choices=Programme.choices, blank=True)
    tier = models.CharField("관리 등급", max_length=20, choices=Tier.choices)
    planner = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="watched_households", verbose_name="담당자"
    )
    started_on = models.DateField("시작일")
    last_contact_on = models.DateField("최근 접촉일", null=True, blank=True)
    next_due_on = models.DateField("다음 점검 예정일", db_index=True)
    ended_on = models.DateField("종료일", null=True, blank=True)
    end_reason = models.CharField("종료 사유", max_length=200, blank=True)
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "모니터링 가구"
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(ended_on__isnull=True), name="one_open_watch_per_household"
            )
        ]
        indexes = [models.Index(fields=["planner", "ended_on", "next_due_on"])]


class MonitoringContact(models.Model):
    """Any contact with a watched household; it moves the next due date."""

    class Method(models.TextChoices):
        VISIT = "visit", "방문"
        PHONE = "phone", "전화"
        LEADER_CHECK_IN = "leader_check_in", "통·반장 안부확인"
        OTHER = "other", "기타"

    watch = models.ForeignKey(WatchedHousehold, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("접촉일")
    method = models.CharField("방법", max_length=20, choices=Method.choices)
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    leader = models.ForeignKey(NeighbourhoodLeader, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField("내용", max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-id"]
