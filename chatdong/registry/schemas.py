"""Schemas of the household and person endpoints, and how records become them under the registry's rules.

Two shapes of each answer: the full record for staff, and the contact view for a tong leader (`...Contact...`,
built from `contact_view`: names, an age band, address, phones, emergency contacts), which has no field for a
birth date, resident number, benefit or flag, so the OpenAPI shows exactly what a leader gets. The clear resident
number and its hash never appear in any schema.
"""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from chatdong.core.api import Day, DongRef, Out, text_field

from .contact_view import ContactMember, ContactRow
from .models import BenefitStatus, Household, HouseholdContact, Person, PersonFlag
from .services import HouseholdInput, MemberInput

RecordView = Literal["full", "contact"]
RECORD_DESCRIPTION = "full: 전체 기록, contact: 연락처만(통·반장 등 주민 조력자)"
AGE_BAND = Field(description="나이대(예: 80대). 통·반장은 생년월일 대신 이것만 받습니다.")

# ---------------------------------------------------------------------------------------------- output


class HouseholdRow(Out):
    id: int
    dong: DongRef
    tong: int = Field(description="통")
    ban: int | None = Field(description="반")
    road_address: str = Field(description="도로명주소")
    address_detail: str = Field(description="상세주소")
    head_name: str | None = Field(description="세대주 이름(현재 가구원 중)")
    member_count: int = Field(description="현재 가구원 수")
    head_birth_date: dt.date | None = Field(None, description="세대주 생년월일(전체 기록을 볼 수 있는 경우만)")
    receives_benefit: bool | None = Field(
        None, description="급여·자격을 받는 가구원이 있는지(전체 기록을 볼 수 있는 경우만)"
    )


class HouseholdPage(Out):
    count: int = Field(description="조건에 맞는 가구 수")
    page: int = Field(description="쪽 번호(1부터)")
    pages: int = Field(description="전체 쪽 수")
    page_size: int = Field(description="한 쪽의 가구 수")
    results: list[HouseholdRow]


class HouseholdContactRow(Out):
    """A household as a tong leader's list shows it."""

    id: int
    dong: DongRef
    tong: int = Field(description="통")
    ban: int | None = Field(description="반")
    road_address: str = Field(description="도로명주소")
    address_detail: str = Field(description="상세주소")
    head_name: str | None = Field(description="세대주 이름(현재 가구원 중)")
    head_age_band: str = AGE_BAND
    member_count: int = Field(description="현재 가구원 수")


class HouseholdContactPage(Out):
    """A page of a tong leader's households."""

    count: int = Field(description="조건에 맞는 가구 수")
    page: int = Field(description="쪽 번호(1부터)")
    pages: int = Field(description="전체 쪽 수")
    page_size: int = Field(description="한 쪽의 가구 수")
    results: list[HouseholdContactRow]


class BenefitOut(Out):
    code: str
    name: str = Field(description="급여·자격 이름")
    started_on: dt.date
    ended_on: dt.date | None
    active: bool = Field(description="오늘 유효한지")


class FlagOut(Out):
    kind: str
    label: str = Field(description="표시 이름(예: 홀몸어르신)")
    sensitive: bool = Field(description="민감정보(학대·폭력·자살위험) 여부: 담당 직원과 동 복지수퍼바이저에게만 제공")
    started_on: dt.date
    ended_on: dt.date | None
    active: bool
    reported_to_police_on: dt.date | None
    note: str


class MemberOut(Out):
    id: int
    name: str
    relation: str = Field(description="세대주와의 관계 코드")
    relation_label: str = Field(description="세대주와의 관계(예: 세대주)")
    phone: str
    current: bool = Field(description="현재 가구원인지(전출·사망이 아닌지)")
    # Full record only.
    resident_number_masked: str | None = Field(
        None, description="주민등록번호(마스킹, 예: 650101-2******). 원래 번호는 어떤 경우에도 제공하지 않습니다."
    )
    birth_date: dt.date | None = None
    sex: Literal["M", "F"] | None = None
    moved_in_on: dt.date | None = None
    moved_out_on: dt.date | None = None
    died_on: dt.date | None = None
    benefits: list[BenefitOut] | None = None
    flags: list[FlagOut] | None = Field(None, description="위기·특성 표시. 민감정보는 볼 권한이 있는 경우만")


class ContactOut(Out):
    name: str
    relation: str
    phone: str
    note: str


class HouseholdDetailOut(Out):
    id: int
    record: RecordView = Field(description=RECORD_DESCRIPTION)
    dong: DongRef
    tong: int
    ban: int | None
    road_address: str
    address_detail: str
    phone: str = Field(description="세대 전화")
    registry_no: str | None = Field(None, description="세대번호(전체 기록을 볼 수 있는 경우만)")
    members: list[MemberOut]
    contacts: list[ContactOut] = Field(description="비상연락처")


class MemberContactOut(Out):
    """A household member as a tong leader sees them."""

    id: int
    name: str
    relation: str = Field(description="세대주와의 관계 코드")
    relation_label: str = Field(description="세대주와의 관계(예: 세대주)")
    age_band: str = AGE_BAND
    phone: str
    current: bool = Field(description="현재 가구원인지(통·반장에게는 현재 가구원만 줍니다)")


class HouseholdContactOut(Out):
    """A household as a tong leader sees it: current members, address, phones, emergency contacts."""

    id: int
    record: Literal["contact"] = Field(description=RECORD_DESCRIPTION)
    dong: DongRef
    tong: int
    ban: int | None
    road_address: str
    address_detail: str
    phone: str = Field(description="세대 전화")
    members: list[MemberContactOut]
    contacts: list[ContactOut] = Field(description="비상연락처")


class HouseholdRef(Out):
    id: int
    dong: DongRef
    tong: int
    ban: int | None
    road_address: str
    address_detail: str


class PersonDetailOut(MemberOut):
    record: RecordView = Field(description=RECORD_DESCRIPTION)
    household: HouseholdRef


class PersonContactOut(MemberContactOut):
    """A person as a tong leader sees them."""

    record: Literal["contact"] = Field(description=RECORD_DESCRIPTION)
    household: HouseholdRef


# ----------------------------------------------------------------------------------------------- input


class MemberIn(Schema):
    name: str = text_field(Person, "name", description="이름")
    birth_date: Day | None = Field(None, description="생년월일(주민등록번호가 있으면 생략 가능)")
    sex: Literal["M", "F"] = Field(description="성별: M(남) 또는 F(여)")
    relation: Person.Relation = Field(description="세대주와의 관계(가구에 세대주 head가 정확히 한 명)")
    resident_number: str = Field("", max_length=14, description="주민등록번호 13자리(예: 650101-2345678), 선택")
    phone: str = text_field(Person, "phone", "", description="휴대전화")


class HouseholdIn(Schema):
    dong: str = Field(max_length=20, description="행정동 코드(KOSTAT) 또는 이름(예: 월곡2동)")
    tong: int = Field(ge=1, le=99, description="통")
    ban: int | None = Field(None, ge=1, le=99, description="반")
    road_address: str = text_field(Household, "road_address", description="도로명주소")
    address_detail: str = text_field(Household, "address_detail", "", description="상세주소")
    phone: str = text_field(Household, "phone", "", description="세대 전화")
    registry_no: str = text_field(Household, "registry_no", "", description="세대번호")
    members: list[MemberIn] = Field(max_length=15, description="가구원(한 명 이상, 세대주 한 명)")

    def to_input(self) -> HouseholdInput:
        # Surrounding spaces stripped, as Django's form fields do on the page.
        return HouseholdInput(
            dong_code=self.dong.strip(),
            tong_number=self.tong,
            ban_number=self.ban,
            road_address=self.road_address.strip(),
            address_detail=self.address_detail.strip(),
            phone=self.phone.strip(),
            registry_no=self.registry_no.strip(),
            members=[
                MemberInput(
                    name=m.name.strip(),
                    birth_date=m.birth_date,
                    sex=m.sex,
                    relation=Person.Relation(m.relation).value,
                    resident_number=m.resident_number.strip(),
                    phone=m.phone.strip(),
                )
                for m in self.members
            ],
        )


# ------------------------------------------------------------------------------------------ presenters


def dong_ref(household: Household) -> DongRef:
    return DongRef(code=household.dong.code, name=household.dong.name)


def household_row(household: Household) -> HouseholdRow:
    """A row of `selectors.with_list_columns`; dong, tong and ban are already joined."""
    return HouseholdRow(
        id=household.pk,
        dong=dong_ref(household),
        tong=household.tong.number,
        ban=household.ban.number if household.ban else None,
        road_address=household.road_address,
        address_detail=household.address_detail,
        head_name=household.head_name,  # type: ignore[attr-defined]
        member_count=household.member_count,  # type: ignore[attr-defined]
        head_birth_date=household.head_birth_date,  # type: ignore[attr-defined]
        receives_benefit=household.receives_benefit,  # type: ignore[attr-defined]
    )


def household_contact_row(household: Household, row: ContactRow) -> HouseholdContactRow:
    """A row of `selectors.with_contact_columns` as `contact_view` made it."""
    return HouseholdContactRow(
        id=row.pk,
        dong=dong_ref(household),
        tong=row.tong,
        ban=row.ban,
        road_address=row.road_address,
        address_detail=row.address_detail,
        head_name=row.head_name,
        head_age_band=row.head_age_band,
        member_count=row.member_count,
    )


def _benefit(status: BenefitStatus, today: dt.date) -> BenefitOut:
    return BenefitOut(
        code=status.benefit_type.code,
        name=status.benefit_type.name,
        started_on=status.started_on,
        ended_on=status.ended_on,
        active=status.is_active_on(today),
    )


def _flag(flag: PersonFlag, today: dt.date) -> FlagOut:
    return FlagOut(
        kind=flag.kind,
        label=flag.get_kind_display(),
        sensitive=flag.is_sensitive,
        started_on=flag.started_on,
        ended_on=flag.ended_on,
        active=flag.started_on <= today and (flag.ended_on is None or flag.ended_on >= today),
        reported_to_police_on=flag.reported_to_police_on,
        note=flag.note,
    )


def _member_fields(person: Person, *, sensitive_allowed: bool, today: dt.date) -> dict[str, object]:
    """A person's full record; benefits and flags must be prefetched."""
    return {
        "id": person.pk,
        "name": person.name,
        "relation": person.relation,
        "relation_label": person.get_relation_display(),
        "phone": person.phone,
        "current": person.is_current_member,
        "resident_number_masked": person.masked_rrn or None,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "moved_in_on": person.moved_in_on,
        "moved_out_on": person.moved_out_on,
        "died_on": person.died_on,
        "benefits": [_benefit(b, today) for b in person.benefits.all()],
        "flags": [_flag(f, today) for f in person.flags.all() if sensitive_allowed or not f.is_sensitive],
    }


def _contact_fields(member: ContactMember) -> dict[str, object]:
    return {
        "id": member.pk,
        "name": member.name,
        "relation": member.relation,
        "relation_label": member.relation_label,
        "age_band": member.age_band,
        "phone": member.phone,
        "current": member.current,
    }


def shows_sensitive(members: list[MemberOut]) -> bool:
    return any(flag.sensitive for member in members for flag in member.flags or [])


def _household_ref(household: Household) -> HouseholdRef:
    return HouseholdRef(
        id=household.pk,
        dong=dong_ref(household),
        tong=household.tong.number,
        ban=household.ban.number if household.ban else None,
        road_address=household.road_address,
        address_detail=household.address_detail,
    )


def household_detail(
    household: Household, members: list[Person], contacts: list[HouseholdContact], *, sensitive_allowed: bool
) -> HouseholdDetailOut:
    today = dt.date.today()
    return HouseholdDetailOut(
        id=household.pk,
        record="full",
        dong=dong_ref(household),
        tong=household.tong.number,
        ban=household.ban.number if household.ban else None,
        road_address=household.road_address,
        address_detail=household.address_detail,
        phone=household.phone,
        registry_no=household.registry_no,
        members=[
            MemberOut(**_member_fields(m, sensitive_allowed=sensitive_allowed, today=today))  # type: ignore[arg-type]
            for m in members
        ],
        contacts=[_contact(c) for c in contacts],
    )


def _contact(contact: HouseholdContact) -> ContactOut:
    return ContactOut(name=contact.name, relation=contact.relation, phone=contact.phone, note=contact.note)


def household_contact(
    household: Household, members: list[ContactMember], contacts: list[HouseholdContact]
) -> HouseholdContactOut:
    """A tong leader's answer: `members` are the current ones, from `contact_view.contact_members`."""
    return HouseholdContactOut(
        id=household.pk,
        record="contact",
        dong=dong_ref(household),
        tong=household.tong.number,
        ban=household.ban.number if household.ban else None,
        road_address=household.road_address,
        address_detail=household.address_detail,
        phone=household.phone,
        members=[MemberContactOut(**_contact_fields(m)) for m in members],  # type: ignore[arg-type]
        contacts=[_contact(c) for c in contacts],
    )


def person_detail(person: Person, *, sensitive_allowed: bool) -> PersonDetailOut:
    return PersonDetailOut(
        record="full",
        household=_household_ref(person.household),
        **_member_fields(person, sensitive_allowed=sensitive_allowed, today=dt.date.today()),  # type: ignore[arg-type]
    )


def person_contact(person: Person, member: ContactMember) -> PersonContactOut:
    return PersonContactOut(
        record="contact",
        household=_household_ref(person.household),
        **_contact_fields(member),  # type: ignore[arg-type]
    )
