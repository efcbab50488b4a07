"""Cohort targets, visits, monitored households, officers' activities and findings, tong leaders' check-ins."""

import datetime as dt

from django.conf import settings
from django.db import models

from chatdong.cases.models import Case
from chatdong.core.models import TimeStamped
from chatdong.core.needs import NeedDomain
from chatdong.org.models import Agency, Dong, NeighbourhoodLeader, StaffMember, Zone
from chatdong.registry.models import Consent, Flag, Household, Person
from chatdong.resources.models import ServiceProgramme

from .programmes import Programme, Source
from .states import FindingKind, FindingStatus, TargetStatus, Tier

# --- Cohorts --------------------------------------------------------------------------------------


class CohortRun(models.Model):
    """One generation of a programme's target list for a dong and a month (on demand or monthly task)."""

    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="cohort_runs")
    programme = models.CharField("사업", max_length=20, choices=Programme.choices)
    period_start = models.DateField("대상 기간 시작")
    period_end = models.DateField("대상 기간 끝")
    generated_at = models.DateTimeField("생성 일시", auto_now_add=True)
    generated_by = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="비어 있으면 월간 자동 생성",
    )  # fmt: skip
    added = models.PositiveIntegerField("새 대상", default=0)
    already_listed = models.PositiveIntegerField("이미 있던 대상", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "대상자 명단 생성"
        ordering = ["-generated_at"]


class Target(TimeStamped):
    """A person on a programme's list for a month: contacted, consented or not, booked, visited."""

    programme = models.CharField("사업", max_length=20, choices=Programme.choices, db_index=True)
    period_start = models.DateField("대상 월", help_text="대상이 된 달의 첫날")
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="outreach_targets")
    zone = models.ForeignKey(Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="outreach_targets")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="outreach_targets")
    run = models.ForeignKey(CohortRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="targets")
    source = models.CharField("대상 경로", max_length=30, choices=Source.choices)
    reason = models.CharField("선정 사유", max_length=200, blank=True)
    planner = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="outreach_targets",
        verbose_name="담당 복지플래너",
    )  # fmt: skip
    status = models.CharField(
        "진행 상태", max_length=20, choices=TargetStatus.choices, default=TargetStatus.LISTED, db_index=True
    )
    # Consent and reservation, usually through the tong leader or the officer.
    contacted_on = models.DateField("연락일", null=True, blank=True)
    contacted_by_staff = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contacted_by_leader = models.ForeignKey(
        NeighbourhoodLeader, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent = models.ForeignKey(Consent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    appointment_at = models.DateTimeField("방문 예약 일시", null=True, blank=True, db_index=True)
    appointment_confirmed_on = models.DateField("예약 확인일", null=True, blank=True)
    appointment_confirmed_by = models.ForeignKey(
        NeighbourhoodLeader, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="예약 확인 통·반장",
    )  # fmt: skip
    # 출산·양육: the congratulation letter (출산축하서신).
    letter_printed_on = models.DateField("출산축하서신 출력일", null=True, blank=True)
    # 돌봄위기가정: the referring agency and the optional pre-case meeting with it.
    referred_by = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="의뢰 기관"
    )
    referred_on = models.DateField("의뢰일", null=True, blank=True)
    pre_case_meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="사전 사례회의",
    )  # fmt: skip
    note = models.TextField("메모", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "찾아가는 복지 대상자"
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person", "period_start"], name="target_once_per_month")
        ]
        indexes = [
            models.Index(fields=["dong", "programme", "period_start"]),
            models.Index(fields=["planner", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} {self.person.name}"


# --- Visits (방문상담기록지) ------------------------------------------------------------------------


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
    summary = models.TextField("상담 내용")
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


# --- Monitoring cadence -------------------------------------------------------------------------------


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


# --- Neighbourhood officers (우리동네주무관) --------------------------------------------------------------


class KeyPlace(models.Model):
    """A place in a zone where residents are met (미장원, 경로당, 공원, 부동산 …), seed 000 우리동네주무관."""

    class Kind(models.TextChoices):
        SENIOR_CENTRE = "senior_centre", "경로당"
        SHOP = "shop", "상점·미장원"
        ESTATE_AGENT = "estate_agent", "부동산"
        PARK = "park", "공원·놀이터"
        RELIGIOUS = "religious", "종교시설"
        FACILITY = "facility", "복지·공공시설"
        OTHER = "other", "기타"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="key_places")
    name = models.CharField("이름", max_length=60)
    kind = models.CharField("종류", max_length=20, choices=Kind.choices)
    address = models.CharField("위치", max_length=120, blank=True)
    contact = models.CharField("주요 인물·연락처", max_length=100, blank=True)
    note = models.CharField("메모", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "주요 거점"
        ordering = ["zone", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="key_place_once_per_zone")]

    def __str__(self) -> str:
        return self.name


class OfficerActivity(TimeStamped):
    """One zone walk or meeting: where, whom, what complaints were heard."""

    officer = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="zone_activities")
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="activities")
    occurred_on = models.DateField("활동일", db_index=True)
    places = models.CharField("다녀온 곳", max_length=300)
    people_met = models.CharField("만난 사람", max_length=300, blank=True)
    complaints = models.TextField("들은 생활민원", blank=True)
    note = models.TextField("활동 내용", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "우리동네주무관 활동"
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["officer", "occurred_on"])]


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(OfficerActivity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("사진", upload_to="zone-walks/%Y/%m/")
    caption = models.CharField("설명", max_length=100, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)


class Finding(TimeStamped):
    """Something found in the neighbourhood and handed over: a person needing care, a person able to
    help, or a complaint. Whoever raised it is told what was done."""

    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField("구분", max_length=20, choices=FindingKind.choices)
    activity = models.ForeignKey(
        OfficerActivity, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_by_leader = models.ForeignKey(
        NeighbourhoodLeader, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True, related_name="findings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject = models.CharField("대상(이름·주소 등)", max_length=100, help_text="주민등록에 없는 주민이면 이름과 위치")
    description = models.TextField("내용")
    routed_to = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="findings_received")
    status = models.CharField(
        "처리 상태", max_length=20, choices=FindingStatus.choices, default=FindingStatus.HANDED_OVER, db_index=True
    )
    result = models.TextField("처리 결과", blank=True)
    handled_on = models.DateField("처리일", null=True, blank=True)
    target = models.ForeignKey(Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # 생활민원: the complainant is told the result.
    complainant_told_on = models.DateField("민원인 회신일", null=True, blank=True)
    complainant_told_how = models.CharField("회신 방법", max_length=30, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "발굴·전달"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["routed_to", "status"])]


class WeeklyReport(models.Model):
    """주간 활동보고: compiled from the week's activities and findings, submitted once a week."""

    officer = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="weekly_reports")
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField("주 시작일(월)")
    activity_count = models.PositiveSmallIntegerField("활동 수", default=0)
    finding_count = models.PositiveSmallIntegerField("발굴·전달 수", default=0)
    body = models.TextField("보고 내용")
    submitted_at = models.DateTimeField("제출 일시", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "주간 활동보고"
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["officer", "week_start"], name="weekly_report_once")]


# --- Tong leaders (복지 통·반장) ------------------------------------------------------------------------


class CheckIn(models.Model):
    """안부확인 by a tong leader (or recorded on their behalf by an officer)."""

    class CheckInMethod(models.TextChoices):
        VISIT = "visit", "방문"
        PHONE = "phone", "전화"

    class Condition(models.TextChoices):
        WELL = "well", "이상 없음"
        CONCERN = "concern", "살펴볼 점 있음"
        CRISIS = "crisis", "위기"

    leader = models.ForeignKey(NeighbourhoodLeader, on_delete=models.PROTECT, related_name="check_ins")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="check_ins")
    checked_on = models.DateField("확인일", default=dt.date.today)
    method = models.CharField("방법", max_length=10, choices=CheckInMethod.choices)
    condition = models.CharField("상태", max_length=10, choices=Condition.choices)
    note = models.CharField("내용", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="주무관이 대신 기록한 경우",
    )  # fmt: skip
    finding = models.ForeignKey(Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "안부확인"
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["household", "checked_on"])]
