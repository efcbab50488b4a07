"""What an import changes: households and persons to create, the changed ones with their values before, the moves."""

import datetime as dt
from dataclasses import dataclass, field

from chatdong.access import audit

from ..models import Household, Person
from .existing import Existing
from .reading import Row, households

ADDRESS_FIELDS = ("dong", "tong", "ban", "road_address", "address_detail")
PERSON_UPDATE_FIELDS = ("household", "name", "relation", "phone", "moved_in_on", "moved_out_on")


@dataclass
class Move:
    """A person moving into `target`; `source` is the household they leave (None when already recorded as gone)."""

    person: Person
    target: Household
    source: Household | None
    day: dt.date


@dataclass
class Plan:
    """Unsaved objects, changed in memory; `writing.apply` saves them. Each change keeps its `audit.snapshot` before."""

    new_households: list[Household] = field(default_factory=list)
    changed_households: list[tuple[Household, dict[str, object]]] = field(default_factory=list)
    unchanged_households: int = 0
    new_persons: list[Person] = field(default_factory=list)
    changed_persons: list[tuple[Person, dict[str, object]]] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    unchanged_persons: int = 0


def plan(rows: list[Row], existing: Existing, today: dt.date) -> Plan:
    """The changes that valid rows make: rows of an unknown 세대번호 create it, the others update what is there."""
    result = Plan()
    for registry_no, group in households(rows).items():
        household = existing.households.get(registry_no)
        if household is None:
            household = _new_household(registry_no, group[0])
            result.new_households.append(household)
        else:
            _update_household(result, household, group[0])
        for row in group:
            _plan_person(result, row, household, existing.persons.get(row.rrn_hash), today)
    return result


def _new_household(registry_no: str, first: Row) -> Household:
    return Household(
        dong=first.dong,
        tong=first.tong,
        ban=first.ban,
        registry_no=registry_no,
        road_address=first.road_address,
        address_detail=first.address_detail,
    )


def _update_household(result: Plan, household: Household, first: Row) -> None:
    before = audit.snapshot(household, ADDRESS_FIELDS)
    assert first.dong is not None and first.tong is not None  # guaranteed by validation
    # Blank optional cells never erase what is recorded, except a 반 that belongs to the old 통.
    if first.ban is not None or household.tong_id != first.tong.pk:
        household.ban = first.ban
    household.dong, household.tong = first.dong, first.tong
    household.road_address = first.road_address
    if first.address_detail:
        household.address_detail = first.address_detail
    if audit.diff(before, audit.snapshot(household, ADDRESS_FIELDS)):
        result.changed_households.append((household, before))
    else:
        result.unchanged_households += 1


def _plan_person(result: Plan, row: Row, household: Household, person: Person | None, today: dt.date) -> None:
    assert row.number is not None and row.birth_date is not None  # guaranteed by validation
    if person is None:
        person = Person(
            household=household,
            name=row.name,
            birth_date=row.birth_date,
            sex=row.sex,
            relation=row.relation,
            phone=row.phone,
            moved_in_on=row.moved_in_on,
        )
        person.set_resident_number(row.number)
        result.new_persons.append(person)
        return
    before = audit.snapshot(person, PERSON_UPDATE_FIELDS)
    source = person.household
    moved = household.pk is None or person.household_id != household.pk
    returned = person.moved_out_on is not None
    person.name = row.name
    person.relation = row.relation
    if row.phone:
        person.phone = row.phone
    if moved or returned:
        person.household = household
        person.moved_out_on = None
        person.moved_in_on = row.moved_in_on or today
        # Someone recorded as moved out has already left their old household: only the 전입 is new.
        result.moves.append(
            Move(person, household, source if moved and not returned else None, row.moved_in_on or today)
        )
    elif row.moved_in_on:
        person.moved_in_on = row.moved_in_on
    if moved or returned or audit.diff(before, audit.snapshot(person, PERSON_UPDATE_FIELDS)):
        result.changed_persons.append((person, before))
    else:
        result.unchanged_persons += 1
