"""State changes in the registry. Each validates, writes and audits in one transaction."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from chatdong.access import audit
from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.core import crypto, rrn
from chatdong.core.types import Actor
from chatdong.core.unique import created_unless_taken, only_one
from chatdong.org.models import Ban, Dong, NeighbourhoodLeader, StaffMember, Tong

from . import rules
from .models import (
    BenefitStatus,
    BenefitType,
    Flag,
    Household,
    HouseholdContact,
    LeaderAssignment,
    MoveRecord,
    Person,
    PersonFlag,
    StaffAssignment,
)

PERSON_FIELDS = ("household", "name", "birth_date", "sex", "relation", "phone", "rrn_prefix", "moved_in_on")
HOUSEHOLD_FIELDS = ("dong", "tong", "ban", "registry_no", "road_address", "address_detail", "phone")


@dataclass
class MemberInput:
    name: str
    birth_date: dt.date | None
    sex: str
    relation: str
    resident_number: str = ""
    phone: str = ""


@dataclass
class HouseholdInput:
    dong_code: str
    tong_number: int
    road_address: str
    ban_number: int | None = None
    address_detail: str = ""
    phone: str = ""
    registry_no: str = ""
    members: list[MemberInput] = field(default_factory=list)


def validate_member(member: MemberInput, label: str) -> rrn.ResidentNumber | None:
    """Check one member; raise ValidationError with Korean messages naming the member.

    A blank sex is allowed when a resident number is given: the number carries it (callers take `number.sex`).
    """
    errors = []
    if not member.name.strip():
        errors.append(f"{label}: 이름을 입력하세요.")
    if member.sex not in Person.Sex.values and (member.sex or not member.resident_number):
        errors.append(f"{label}: 성별은 남(M) 또는 여(F)여야 합니다.")
    if member.relation not in Person.Relation.values:
        allowed = ", ".join(str(choice) for choice in Person.Relation.labels)
        errors.append(f"{label}: 세대주와의 관계가 올바르지 않습니다({allowed} 중 하나).")
    number = None
    if member.resident_number:
        try:
            number = rrn.parse(member.resident_number)
            rrn.check_consistent(number, member.birth_date, member.sex if member.sex in Person.Sex.values else None)
        except ValidationError as exc:
            errors.extend(f"{label}: {m}" for m in exc.messages)
    if member.birth_date is None and number is None and not member.resident_number:
        # An invalid number already has its own message; asking for a birth date too would mislead.
        errors.append(f"{label}: 생년월일을 입력하세요.")
    elif member.birth_date and member.birth_date > dt.date.today():
        errors.append(f"{label}: 생년월일이 미래 날짜입니다.")
    if errors:
        raise ValidationError(errors)
    return number


def find_dong(code_or_name: str) -> Dong:
    """A dong by its KOSTAT code or its name, or ValidationError in Korean."""
    dong = Dong.objects.filter(code=code_or_name).first() or Dong.objects.filter(name=code_or_name).first()
    if dong is None:
        raise ValidationError(f"행정동 '{code_or_name}'을(를) 찾을 수 없습니다.")
    return dong


def resolve_place(dong_code: str, tong_number: int, ban_number: int | None) -> tuple[Dong, Tong, Ban | None]:
    dong = find_dong(dong_code)
    tong = Tong.objects.filter(dong=dong, number=tong_number).first()
    if tong is None:
        raise ValidationError(f"{dong.name}에 {tong_number}통이 없습니다.")
    ban = None
    if ban_number is not None:
        ban = Ban.objects.filter(tong=tong, number=ban_number).first()
        if ban is None:
            raise ValidationError(f"{dong.name} {tong_number}통에 {ban_number}반이 없습니다.")
    return dong, tong, ban


@transaction.atomic
def create_household(user: Actor, principal: Principal, data: HouseholdInput) -> Household:
    """Register a household with its members (at least one, exactly one head)."""
    dong, tong, ban = resolve_place(data.dong_code, data.tong_number, data.ban_number)
    if not rules.can_create_household_in(principal, dong.pk):
        raise Forbidden(f"{dong.name}에 가구를 등록할 권한이 없습니다.")
    errors: list[str] = []
    if not data.road_address.strip():
        errors.append("도로명주소를 입력하세요.")
    if not data.members:
        errors.append("가구원을 한 명 이상 입력하세요.")
    heads = [m for m in data.members if m.relation == Person.Relation.HEAD]
    if data.members and len(heads) != 1:
        errors.append("세대주는 한 명이어야 합니다.")
    if data.registry_no and Household.objects.filter(registry_no=data.registry_no).exists():
        errors.append(f"세대번호 {data.registry_no}은(는) 이미 등록되어 있습니다.")
    numbers: list[rrn.ResidentNumber | None] = []
    seen_hashes: set[str] = set()
    for index, member in enumerate(data.members, start=1):
        try:
            number = validate_member(member, f"{index}번째 가구원({member.name or '이름 없음'})")
        except ValidationError as exc:
            errors.extend(exc.messages)
            numbers.append(None)
            continue
        if number:
            digest = crypto.search_hash(number.digits)
            if digest in seen_hashes or Person.objects.filter(rrn_hash=digest).exists():
                errors.append(f"{index}번째 가구원({member.name}): 같은 주민등록번호의 주민이 이미 등록되어 있습니다.")
            seen_hashes.add(digest)
        numbers.append(number)
    if errors:
        raise ValidationError(errors)

    # Checked above; a registration of the same number at the same moment is refused by the unique constraints.
    with only_one(Household, f"세대번호 {data.registry_no}은(는) 이미 등록되어 있습니다."):
        household = Household.objects.create(
            dong=dong,
            tong=tong,
            ban=ban,
            registry_no=data.registry_no or None,
            road_address=data.road_address.strip(),
            address_detail=data.address_detail.strip(),
            phone=data.phone.strip(),
        )
    audit.record_created(user, household, HOUSEHOLD_FIELDS, household.pk)
    for index, (member, number) in enumerate(zip(data.members, numbers, strict=True), start=1):
        person = Person(
            household=household,
            name=member.name.strip(),
            birth_date=member.birth_date or number.birth_date,  # type: ignore[union-attr]
            sex=member.sex or (number.sex if number else ""),
            relation=member.relation,
            phone=member.phone.strip(),
        )
        if number:
            person.set_resident_number(number)
        already = f"{index}번째 가구원({member.name}): 같은 주민등록번호의 주민이 이미 등록되어 있습니다."
        with only_one(Person, already):
            person.save()
        audit.record_created(user, person, PERSON_FIELDS, household.pk)
    return household


@transaction.atomic
def update_person_contact(user: Actor, principal: Principal, person: Person, phone: str) -> Person:
    rules.require_edit_household(principal, person.household)
    before = audit.snapshot(person, ["phone"])
    person.phone = phone.strip()
    person.save(update_fields=["phone", "updated_at"])
    changes = audit.diff(before, audit.snapshot(person, ["phone"]))
    if changes:
        audit.record(user, "update", person, changes, person.household_id)
    return person


@transaction.atomic
def add_benefit(
    user: Actor, principal: Principal, person: Person, benefit_code: str, started_on: dt.date
) -> BenefitStatus:
    rules.require_edit_household(principal, person.household)
    benefit_type = BenefitType.objects.filter(code=benefit_code).first()
    if benefit_type is None:
        raise ValidationError("알 수 없는 급여·자격 유형입니다.")
    status = BenefitStatus.objects.create(person=person, benefit_type=benefit_type, started_on=started_on)
    audit.record_created(user, status, ["person", "benefit_type", "started_on"], person.household_id)
    return status


@transaction.atomic
def add_flag(
    user: Actor,
    principal: Principal,
    person: Person,
    kind: str,
    started_on: dt.date,
    note: str = "",
    reported_to_police_on: dt.date | None = None,
) -> PersonFlag:
    rules.require_edit_household(principal, person.household)
    if kind not in Flag.values:
        raise ValidationError("알 수 없는 표시입니다.")
    if started_on > dt.date.today():
        raise ValidationError("시작일은 오늘 이후일 수 없습니다.")
    if reported_to_police_on and reported_to_police_on < started_on:
        raise ValidationError("112 신고일은 시작일 이후여야 합니다.")
    flag = PersonFlag.objects.create(
        person=person,
        kind=kind,
        started_on=started_on,
        note=note,
        reported_to_police_on=reported_to_police_on,
        recorded_by=principal.staff,
    )
    audit.record_created(user, flag, ["person", "kind", "started_on"], person.household_id)
    return flag


@transaction.atomic
def add_contact(
    user: Actor, principal: Principal, household: Household, name: str, relation: str, phone: str
) -> HouseholdContact:
    rules.require_edit_household(principal, household)
    if not name.strip() or not phone.strip():
        raise ValidationError("비상연락처의 이름과 전화번호를 입력하세요.")
    contact = HouseholdContact.objects.create(household=household, name=name.strip(), relation=relation, phone=phone)
    audit.record_created(user, contact, ["name", "relation", "phone"], household.pk)
    return contact


def _require_member(household: Household, person_id: int) -> Person:
    person = household.members.filter(pk=person_id).first()
    if person is None:
        raise ValidationError("이 가구의 가구원이 아닙니다.")
    return person


@transaction.atomic
def end_benefit(user: Actor, principal: Principal, status: BenefitStatus, ended_on: dt.date) -> BenefitStatus:
    rules.require_edit_household(principal, status.person.household)
    if status.ended_on is not None:
        raise ValidationError("이미 종료된 급여·자격입니다.")
    if ended_on < status.started_on:
        raise ValidationError("종료일은 시작일 이후여야 합니다.")
    status.ended_on = ended_on
    status.save(update_fields=["ended_on"])
    audit.record(user, "update", status, {"ended_on": [None, ended_on.isoformat()]}, status.person.household_id)
    return status


@transaction.atomic
def end_flag(user: Actor, principal: Principal, flag: PersonFlag, ended_on: dt.date) -> PersonFlag:
    rules.require_edit_household(principal, flag.person.household)
    if flag.ended_on is not None:
        raise ValidationError("이미 해제된 표시입니다.")
    if ended_on < flag.started_on:
        raise ValidationError("해제일은 시작일 이후여야 합니다.")
    flag.ended_on = ended_on
    flag.save(update_fields=["ended_on", "updated_at"])
    audit.record(user, "update", flag, {"ended_on": [None, ended_on.isoformat()]}, flag.person.household_id)
    return flag


NOT_OF_THE_DONG = "이 가구의 동 직원만 담당자로 지정할 수 있습니다."


@transaction.atomic
def assign_staff(
    user: Actor, principal: Principal, household: Household, staff: StaffMember, started_on: dt.date
) -> StaffAssignment:
    """The supervisor (or 동장) puts a staff member of the household's dong in charge of it.

    The refusal for staff of another dong names nobody: it must not confirm who works elsewhere."""
    rules.require_assign_staff(principal, household, staff.pk)
    if staff.dong_id != household.dong_id:
        raise ValidationError(NOT_OF_THE_DONG)
    already = f"{staff.name}은(는) 이미 이 가구의 담당자입니다."
    if StaffAssignment.objects.filter(household=household, staff=staff, ended_on__isnull=True).exists():
        raise ValidationError(already)
    with only_one(StaffAssignment, already):
        assignment = StaffAssignment.objects.create(household=household, staff=staff, started_on=started_on)
    audit.record_created(user, assignment, ["household", "staff", "started_on"], household.pk)
    return assignment


def put_in_charge(user: Actor, household: Household, staff: StaffMember, started_on: dt.date) -> StaffAssignment | None:
    """A rule of the system puts staff in charge (the case lead the supervisor selects, a care-crisis target's
    planner): no person's permission is asked here, so only services that carry such a rule call it. Returns the
    new assignment, or None when they are already in charge. Runs in the caller's transaction."""
    if StaffAssignment.objects.filter(household=household, staff=staff, ended_on__isnull=True).exists():
        return None
    assignment = created_unless_taken(
        StaffAssignment, lambda: StaffAssignment.objects.create(household=household, staff=staff, started_on=started_on)
    )
    if assignment is not None:  # None: put in charge by a concurrent request
        audit.record_created(user, assignment, ["household", "staff", "started_on"], household.pk)
    return assignment


@transaction.atomic
def assign_leader(
    user: Actor, principal: Principal, household: Household, leader: NeighbourhoodLeader, started_on: dt.date
) -> LeaderAssignment:
    """Give a household to a neighbourhood leader to check on; they then see its contact details."""
    rules.require_edit_household(principal, household)
    if leader.dong_id != household.dong_id:
        raise ValidationError(f"{leader.name}은(는) 이 가구의 동 통·반장이 아닙니다.")
    already = f"{leader.name}에게 이미 배정된 가구입니다."
    if LeaderAssignment.objects.filter(household=household, leader=leader, ended_on__isnull=True).exists():
        raise ValidationError(already)
    with only_one(LeaderAssignment, already):
        assignment = LeaderAssignment.objects.create(household=household, leader=leader, started_on=started_on)
    audit.record_created(user, assignment, ["household", "leader", "started_on"], household.pk)
    return assignment


@transaction.atomic
def record_move_out(
    user: Actor,
    principal: Principal,
    household: Household,
    person_id: int,
    moved_out_on: dt.date,
    to_address: str,
) -> Person:
    """전출: the person leaves the household; when the last one leaves, the household is closed too."""
    rules.require_edit_household(principal, household)
    person = _require_member(household, person_id)
    # Locked, so that a second 전출 recorded at the same moment finds the first and is told "이미" (one move-out).
    person = Person.objects.select_for_update(no_key=True).get(pk=person.pk)
    if not person.is_current_member:
        raise ValidationError(f"{person.name}은(는) 이미 전출 또는 사망 처리되었습니다.")
    if moved_out_on > dt.date.today():
        raise ValidationError("전출일은 오늘 이후일 수 없습니다.")
    person.moved_out_on = moved_out_on
    person.save(update_fields=["moved_out_on", "updated_at"])
    MoveRecord.objects.create(
        person=person,
        household=household,
        kind=MoveRecord.Kind.MOVE_OUT,
        occurred_on=moved_out_on,
        from_address=household.full_address,
        to_address=to_address.strip(),
    )
    audit.record(user, "update", person, {"moved_out_on": [None, moved_out_on.isoformat()]}, household.pk)
    if not household.members.filter(moved_out_on__isnull=True, died_on__isnull=True).exists():
        household.moved_out_on = moved_out_on
        household.save(update_fields=["moved_out_on", "updated_at"])
        audit.record(user, "update", household, {"moved_out_on": [None, moved_out_on.isoformat()]}, household.pk)
    return person
