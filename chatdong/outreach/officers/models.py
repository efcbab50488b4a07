"""Neighbourhood officers' zones at work: key places, zone walks with their photos, findings handed over,
weekly reports."""

from django.conf import settings
from django.db import models

from chatdong.cases.models import Case
from chatdong.core.models import TimeStamped
from chatdong.org.models import Dong, NeighbourhoodLeader, StaffMember, Zone
from chatdong.outreach.cohorts.models import Target
from chatdong.registry.models import Household, Person

from .states import FindingKind, FindingStatus


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
    complaints = models.TextField("들은 생활민원", max_length=2_000, blank=True)
    note = models.TextField("활동 내용", max_length=2_000, blank=True)

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
    description = models.TextField("내용", max_length=2_000)
    routed_to = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="findings_received")
    status = models.CharField(
        "처리 상태", max_length=20, choices=FindingStatus.choices, default=FindingStatus.HANDED_OVER, db_index=True
    )
    result = models.TextField("처리 결과", max_length=2_000, blank=True)
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
    body = models.TextField("보고 내용", max_length=5_000)
    submitted_at = models.DateTimeField("제출 일시", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "주간 활동보고"
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["officer", "week_start"], name="weekly_report_once")]
