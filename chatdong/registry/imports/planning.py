"""What an import changes: households and persons to create, the changed ones with their values before, the moves,
and the move-ins that wait for the receiving dong's supervisor (전입 확인).

Which rows wait: a row whose resident is registered in a household of another dong than the row's (moving them
is that dong's business too), and — unless the importer is the one who approves move-ins into the row's dong — a
row whose number is new to the district. Both kinds wait alike, so the importer's answer is the same whether or
not a number is registered elsewhere (docs/import.md, "전입 확인").
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from chatdong.access import audit
from chatdong.core import crypto

from ..models import Household, PendingMoveIn, Person
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
    move_ins: list[PendingMoveIn] = field(default_factory=list)
    # Rows whose resident already waits for confirmation (an earlier import): reported as waiting, not queued twice.
    already_waiting: int = 0

    @property
    def waiting(self) -> int:
        return len(self.move_ins) + self.already_waiting


def plan(rows: list[Row], existing: Existing, today: dt.date, approves: Callable[[int], bool]) -> Plan:
    """The changes that valid rows make: rows of an unknown 세대번호 create it, the others update what is there.

    `approves(dong_id)`: whether the importer approves move-ins into that dong themselves."""
    result = Plan()
    for registry_no, group in households(rows).items():
        household = existing.households.get(registry_no)
        waits = {r.line: _waits(r, existing.persons.get(r.rrn_hash), approves) for r in group}
        waiting = [r for r in group if waits[r.line]]
        applied = [r for r in group if not waits[r.line]]
        if household is not None:
            _update_household(result, household, group[0])
        elif applied:
            household = new_household(registry_no, group[0])
            result.new_households.append(household)
        # else: every member waits; the household is registered when the first of them is approved.
        for row in applied:
            assert household is not None
            plan_person(result, row, household, existing.persons.get(row.rrn_hash), today)
        for row in waiting:
            if row.rrn_hash in existing.pending:
                result.already_waiting += 1
            else:
                result.move_ins.append(_move_in(row, existing.persons.get(row.rrn_hash)))
    return result


def _waits(row: Row, person: Person | None, approves: Callable[[int], bool]) -> bool:
    assert row.dong is not None  # guaranteed by validation
    if person is None:
        return not approves(row.dong.pk)
    return person.household.dong_id != row.dong.pk


def _move_in(row: Row, person: Person | None) -> PendingMoveIn:
    assert row.number is not None and row.dong is not None and row.tong is not None  # guaranteed by validation
    return PendingMoveIn(
        person=person,
        rrn_encrypted=crypto.encrypt(row.number.digits),
        rrn_hash=row.rrn_hash,
        rrn_prefix=row.number.prefix,
        name=row.name,
        relation=row.relation,
        phone=row.phone,
        moved_in_on=row.moved_in_on,
        from_dong_id=person.household.dong_id if person is not None else None,
        to_dong=row.dong,
        registry_no=row.registry_no,
        tong=row.tong,
        ban=row.ban,
        road_address=row.road_address,
        address_detail=row.address_detail,
    )


def new_household(registry_no: str, first: Row) -> Household:
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


def plan_person(result: Plan, row: Row, household: Household, person: Person | None, today: dt.date) -> None:
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
