"""The contact view: what a tong leader (anyone `rules.FULL_RECORD` does not admit) sees of a household.

Names, an age band ("80대") instead of a birth date, address, phones and emergency contacts — what a neighbour
needs to look in on someone. Pages and the API build it here, from plain objects that have no birth date,
resident number, benefit or flag to show, so no template or schema can print one by mistake.
"""

import datetime as dt
from dataclasses import dataclass

from .models import Household, Person

# What a leader may type in a search box, said when they type something else (a birth date, a resident number).
SEARCH_FORMS = "이름, 주소, 전화번호"
SEARCH_REFUSED = f"통·반장은 {SEARCH_FORMS}로 찾을 수 있습니다. 생년월일이나 주민등록번호로는 찾을 수 없습니다."


def age_band(birth_date: dt.date | None, today: dt.date | None = None) -> str:
    """ "80대": the decade of the age, all a leader learns of a birth date ("" when it is unknown)."""
    if birth_date is None:
        return ""
    today = today or dt.date.today()
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    if age < 10:
        return "10세 미만"
    if age >= 100:
        return "100세 이상"
    return f"{age // 10 * 10}대"


@dataclass(frozen=True)
class ContactRow:
    """A household in a leader's list (from `selectors.with_contact_columns`)."""

    pk: int
    head_name: str | None
    head_age_band: str
    dong_name: str
    tong: int
    ban: int | None
    road_address: str
    address_detail: str
    member_count: int


def contact_row(household: Household, today: dt.date | None = None) -> ContactRow:
    return ContactRow(
        pk=household.pk,
        head_name=household.head_name,  # type: ignore[attr-defined]
        head_age_band=age_band(household.head_birth_date, today),  # type: ignore[attr-defined]
        dong_name=household.dong.name,
        tong=household.tong.number,
        ban=household.ban.number if household.ban else None,
        road_address=household.road_address,
        address_detail=household.address_detail,
        member_count=household.member_count,  # type: ignore[attr-defined]
    )


def contact_rows(households: list[Household]) -> list[ContactRow]:
    today = dt.date.today()
    return [contact_row(h, today) for h in households]


@dataclass(frozen=True)
class ContactMember:
    """A household member as a leader sees them."""

    pk: int
    name: str
    relation: str
    relation_label: str
    age_band: str
    phone: str
    current: bool


def contact_member(person: Person, today: dt.date | None = None) -> ContactMember:
    return ContactMember(
        pk=person.pk,
        name=person.name,
        relation=person.relation,
        relation_label=person.get_relation_display(),
        age_band=age_band(person.birth_date, today),
        phone=person.phone,
        current=person.is_current_member,
    )


def contact_members(members: list[Person]) -> list[ContactMember]:
    today = dt.date.today()
    return [contact_member(m, today) for m in members]
