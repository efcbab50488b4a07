"""Households, persons and what is recorded about them, their consents included."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from chatdong.core import crypto, rrn
from chatdong.core.models import TimeStamped
from chatdong.org.models import Agency, Ban, Dong, NeighbourhoodLeader, StaffMember, Tong


class Household(TimeStamped):
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="households", verbose_name="행정동")
    tong = models.ForeignKey(Tong, on_delete=models.PROTECT, related_name="households", verbose_name="통")
    ban = models.ForeignKey(Ban, on_delete=models.PROTECT, related_name="households", null=True, blank=True)
    registry_no = models.CharField("세대번호", max_length=30, unique=True, null=True, blank=True)
    road_address = models.CharField("도로명주소", max_length=200)
    address_detail = models.CharField("상세주소", max_length=100, blank=True)
    phone = models.CharField("세대 전화", max_length=20, blank=True)
    moved_out_on = models.DateField("세대 전출일", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "가구"
        indexes = [models.Index(fields=["dong", "tong"])]

    def __str__(self) -> str:
        return f"{self.road_address} {self.address_detail}".strip()

    @property
    def full_address(self) -> str:
        return str(self)


class Person(TimeStamped):
    class Sex(models.TextChoices):
        MALE = "M", "남"
        FEMALE = "F", "여"

    class Relation(models.TextChoices):
        HEAD = "head", "세대주"
        SPOUSE = "spouse", "배우자"
        CHILD = "child", "자녀"
        PARENT = "parent", "부모"
        SIBLING = "sibling", "형제자매"
        GRANDCHILD = "grandchild", "손자녀"
        CHILD_IN_LAW = "child_in_law", "며느리·사위"
        OTHER_RELATIVE = "relative", "기타 친족"
        LODGER = "lodger", "동거인"

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members", verbose_name="가구")
    name = models.CharField("이름", max_length=30, db_index=True)
    birth_date = models.DateField("생년월일", db_index=True)
    sex = models.CharField("성별", max_length=1, choices=Sex.choices)
    relation = models.CharField("세대주와의 관계", max_length=20, choices=Relation.choices)
    phone = models.CharField("휴대전화", max_length=20, blank=True)
    # The number itself only encrypted; a keyed hash finds it by exact match; the visible prefix
    # (birth date + sex digit, what a masked number shows anyway) serves masked searches.
    rrn_encrypted = models.TextField("주민등록번호(암호화)", blank=True, editable=False)
    rrn_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    rrn_prefix = models.CharField(max_length=7, blank=True, db_index=True, editable=False)
    moved_in_on = models.DateField("전입일", null=True, blank=True)
    moved_out_on = models.DateField("전출일", null=True, blank=True)
    died_on = models.DateField("사망일", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "가구원"
        indexes = [models.Index(fields=["household", "relation"])]

    def __str__(self) -> str:
        return self.name

    def set_resident_number(self, number: rrn.ResidentNumber) -> None:
        self.rrn_encrypted = crypto.encrypt(number.digits)
        self.rrn_hash = crypto.search_hash(number.digits)
        self.rrn_prefix = number.prefix

    @property
    def masked_rrn(self) -> str:
        return rrn.mask(self.rrn_prefix) if len(self.rrn_prefix) == 7 else ""

    def age_on(self, day: dt.date) -> int:
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)

    @property
    def age(self) -> int:
        return self.age_on(dt.date.today())

    @property
    def is_current_member(self) -> bool:
        return self.moved_out_on is None and self.died_on is None


class MoveRecord(models.Model):
    """전입·전출 and other registry events, kept as history."""

    class Kind(models.TextChoices):
        MOVE_IN = "move_in", "전입"
        MOVE_OUT = "move_out", "전출"
        BIRTH = "birth", "출생"
        DEATH = "death", "사망"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="moves")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField("구분", max_length=10, choices=Kind.choices)
    occurred_on = models.DateField("일자")
    from_address = models.CharField("이전 주소", max_length=200, blank=True)
    to_address = models.CharField("이후 주소", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "전입·전출 이력"
        ordering = ["-occurred_on", "-id"]


class PendingMoveIn(models.Model):
    """전입 확인 필요: an imported row that would bring someone into a dong who is not yet its resident.

    Held until the receiving dong's welfare supervisor approves (the row is then applied as the import would have)
    or rejects it. The person is known by their resident-number hash: `person` is set when the number was already
    registered elsewhere, None for a number new to the district. The row's values are kept to apply it later.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "확인 대기"
        APPROVED = "approved", "승인"
        REJECTED = "rejected", "반려"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="pending_move_ins", verbose_name="주민"
    )
    rrn_encrypted = models.TextField("주민등록번호(암호화)", editable=False)
    rrn_hash = models.CharField(max_length=64, editable=False)
    rrn_prefix = models.CharField(max_length=7, editable=False)
    name = models.CharField("성명", max_length=30)
    relation = models.CharField("세대주와의 관계", max_length=20, choices=Person.Relation.choices)
    phone = models.CharField("휴대전화", max_length=20, blank=True)
    moved_in_on = models.DateField("전입일", null=True, blank=True)
    from_dong = models.ForeignKey(
        Dong, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="전출 동"
    )
    to_dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="pending_move_ins", verbose_name="전입 동")
    registry_no = models.CharField("세대번호", max_length=30)
    tong = models.ForeignKey(Tong, on_delete=models.PROTECT, related_name="+", verbose_name="통")
    ban = models.ForeignKey(Ban, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="반")
    road_address = models.CharField("도로명주소", max_length=200)
    address_detail = models.CharField("상세주소", max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="가져온 직원"
    )
    requested_at = models.DateTimeField("요청 일시", auto_now_add=True)
    status = models.CharField("상태", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="처리자",
    )
    decided_at = models.DateTimeField("처리 일시", null=True, blank=True)
    note = models.TextField("처리 메모(반려 사유)", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "전입 확인"
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["to_dong", "status"])]
        constraints = [
            # One open request per person: a second import or a concurrent one cannot queue the same resident twice.
            models.UniqueConstraint(
                fields=["rrn_hash"],
                condition=models.Q(status="pending"),
                name="registry_one_pending_move_in_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.to_dong}"

    @property
    def masked_rrn(self) -> str:
        return rrn.mask(self.rrn_prefix) if len(self.rrn_prefix) == 7 else ""

    @property
    def full_address(self) -> str:
        return f"{self.road_address} {self.address_detail}".strip()


class BenefitType(models.Model):
    """A benefit or status (수급 자격). `stats_column` ties it to a column of the seed 002 tables."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField("급여·자격", max_length=40)
    category = models.CharField("분류", max_length=30)
    stats_column = models.CharField("통계 항목", max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "급여·자격 유형"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class BenefitStatus(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="benefits")
    benefit_type = models.ForeignKey(BenefitType, on_delete=models.PROTECT, related_name="statuses")
    started_on = models.DateField("시작일")
    ended_on = models.DateField("종료일", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "급여·자격"
        indexes = [models.Index(fields=["benefit_type", "ended_on"])]

    def is_active_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class Flag(models.TextChoices):
    LIVING_ALONE_ELDER = "living_alone_elder", "홀몸어르신"
    RECLUSIVE = "reclusive", "은둔"
    DISABILITY = "disability", "장애"
    DEMENTIA_SUSPECTED = "dementia", "치매 의심"
    MULTICULTURAL = "multicultural", "다문화"
    HOMELESS_RISK = "housing_risk", "주거위기"
    ELDER_ABUSE = "elder_abuse", "노인학대 의심"
    CHILD_ABUSE = "child_abuse", "아동학대 의심"
    DOMESTIC_VIOLENCE = "domestic_violence", "가정폭력 의심"
    SUICIDE_RISK = "suicide_risk", "자살위험"


# Only the assigned staff and their supervisor may see these; every view is logged.
SENSITIVE_FLAGS = frozenset({Flag.ELDER_ABUSE, Flag.CHILD_ABUSE, Flag.DOMESTIC_VIOLENCE, Flag.SUICIDE_RISK})


class PersonFlag(TimeStamped):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField("표시", max_length=30, choices=Flag.choices)
    started_on = models.DateField("시작일")
    ended_on = models.DateField("해제일", null=True, blank=True)
    note = models.TextField("메모", max_length=500, blank=True)
    reported_to_police_on = models.DateField("112 신고일", null=True, blank=True)
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "위기·특성 표시"
        indexes = [models.Index(fields=["kind", "ended_on"])]

    @property
    def is_sensitive(self) -> bool:
        return self.kind in SENSITIVE_FLAGS


class HouseholdContact(models.Model):
    """Someone to call about the household: a relative, neighbour, landlord (비상연락처)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("이름", max_length=30)
    relation = models.CharField("관계", max_length=30)
    phone = models.CharField("전화", max_length=20)
    note = models.CharField("메모", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "비상연락처"


class StaffAssignment(models.Model):
    """A staff member in charge of a household (담당자): they and their supervisor see its sensitive records."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="staff_assignments")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="household_assignments")
    started_on = models.DateField("담당 시작일")
    ended_on = models.DateField("담당 종료일", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "담당 직원"
        constraints = [
            # Put in charge once: a second running assignment of the same person would be ended separately.
            models.UniqueConstraint(
                fields=["household", "staff"],
                condition=models.Q(ended_on__isnull=True),
                name="registry_one_open_staff_assignment",
            )
        ]


class LeaderAssignment(models.Model):
    """A household a neighbourhood leader looks after (안부확인). The leader sees only these."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="leader_assignments")
    leader = models.ForeignKey(NeighbourhoodLeader, on_delete=models.CASCADE, related_name="assignments")
    started_on = models.DateField("배정일")
    ended_on = models.DateField("종료일", null=True, blank=True)
    # 1:1 matching (e.g. a tong leader with an elder living alone) and how often to check in.
    matched_person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="1:1 결연 대상"
    )
    check_in_every_days = models.PositiveSmallIntegerField("안부확인 주기(일)", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "통·반장 담당 가구"
        constraints = [
            models.UniqueConstraint(
                fields=["household", "leader"],
                condition=models.Q(ended_on__isnull=True),
                name="registry_one_open_leader_assignment",
            ),
            # 1:1 결연: an elder is matched with one leader at a time.
            models.UniqueConstraint(
                fields=["matched_person"],
                condition=models.Q(ended_on__isnull=True, matched_person__isnull=False),
                name="registry_one_open_match_per_person",
            ),
        ]


class Consent(TimeStamped):
    """A resident's consent: to a visit, to collection and use, or to provision to third parties."""

    class Kind(models.TextChoices):
        VISIT = "visit", "방문상담 동의"
        COLLECT_USE = "collect_use", "개인정보 수집·이용 동의"
        THIRD_PARTY = "third_party", "개인정보 제3자 제공 동의"

    class Method(models.TextChoices):
        WRITTEN = "written", "서면"
        VERBAL = "verbal", "구두(대면)"
        PHONE = "phone", "전화"
        ELECTRONIC = "electronic", "전자서명"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name="동의자")
    kind = models.CharField("동의 종류", max_length=20, choices=Kind.choices)
    scope = models.CharField("동의 범위", max_length=300, help_text="수집·이용 목적과 항목, 제공받는 자 등")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="consents", verbose_name="제공받는 기관")
    given_on = models.DateField("동의일")
    expires_on = models.DateField("만료일", null=True, blank=True)
    withdrawn_on = models.DateField("철회일", null=True, blank=True)
    method = models.CharField("동의 방법", max_length=20, choices=Method.choices)
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        db_table = "access_consent"  # kept from when consent lived in `access`
        verbose_name = verbose_name_plural = "동의"
        ordering = ["-given_on", "-id"]

    def is_valid_on(self, day: dt.date) -> bool:
        if self.given_on > day:
            return False
        if self.withdrawn_on and self.withdrawn_on <= day:
            return False
        return not (self.expires_on and self.expires_on < day)

    @property
    def status_label(self) -> str:
        today = dt.date.today()
        if self.withdrawn_on and self.withdrawn_on <= today:
            return "철회"
        if self.expires_on and self.expires_on < today:
            return "만료"
        return "유효" if self.is_valid_on(today) else "예정"


class EmergencyAccess(models.Model):
    """Break the glass (긴급 열람): a dong staff member who must act now reads one household's sensitive records
    for a limited time, with a written reason. Granted at once, never silently: the dong's supervisor is told,
    the access log and the auditor's monthly review show it, and it can be ended early."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="emergency_accesses")
    # The household's dong when it was asked for: the supervisor who is told and who reviews it.
    dong = models.ForeignKey(Dong, on_delete=models.PROTECT, related_name="+", verbose_name="행정동")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="emergency_accesses")
    reason = models.TextField("사유", max_length=1_000)
    started_at = models.DateTimeField("시작", db_index=True)
    expires_at = models.DateTimeField("만료")
    ended_at = models.DateTimeField("종료", null=True, blank=True)
    ended_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="종료한 직원"
    )
    end_note = models.CharField("종료 메모", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "긴급 열람"
        ordering = ["-started_at", "-id"]
        constraints = [
            # One open grant per person and household: a second request while one runs is "already".
            models.UniqueConstraint(
                fields=["staff", "household"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_emergency_access",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("started_at")), name="emergency_expires_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"긴급 열람 #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.is_active:
            return "열람 중"
        if self.ended_at is not None and self.ended_at < self.expires_at:
            return "조기 종료"
        return "만료"
