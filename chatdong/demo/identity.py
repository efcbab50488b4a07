"""Who each generated member is: birth date from age, family surnames, given name, resident number, phone."""

import datetime as dt
import random

from chatdong.core import rrn
from chatdong.registry.models import Person

from .households import Home, Member
from .names import NameMaker

R = Person.Relation


def birth_date_for_age(rng: random.Random, age: int, today: dt.date) -> dt.date:
    """A uniformly drawn birth date of someone exactly `age` years old today.

    So everyone aged 64 turns 65 within the next twelve months, and age 0 means born in the past year.
    """
    latest = _years_before(today, age)
    earliest = _years_before(today, age + 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def resident_number(rng: random.Random, birth: dt.date, sex: str, used: set[str]) -> rrn.ResidentNumber:
    """A unique, valid number: YYMMDD, the sex/century digit, six random digits (post-2020 style, no check digit)."""
    century_digit = ("1" if sex == "M" else "2") if birth.year < 2000 else ("3" if sex == "M" else "4")
    front = birth.strftime("%y%m%d") + century_digit
    while True:
        digits = f"{front}{rng.randrange(1_000_000):06d}"
        if digits not in used:
            used.add(digits)
            # Parsing costs little and guarantees every generated number is one the system accepts
            # (today=birth only spares a date.today() call per number: the date is in the past anyway).
            return rrn.parse(digits, today=birth)


def mobile(rng: random.Random) -> str:
    return f"010-{rng.randrange(2000, 10000)}-{rng.randrange(10000):04d}"


def landline(rng: random.Random) -> str:
    # Seongbuk-gu exchanges are 02-9xx.
    return f"02-9{rng.randrange(10, 100)}-{rng.randrange(10000):04d}"


def name_household(names: NameMaker, home: Home, today: dt.date) -> None:
    """Surnames as Korean families have them (children carry the father's), then given names by era."""
    head = home.members[0]
    head.surname = names.surname()
    by_relation: dict[str, Member] = {}
    for member in home.members[1:]:
        by_relation.setdefault(member.relation + member.sex, member)
    spouse_male = by_relation.get(R.SPOUSE + "M")
    father_line = spouse_male if head.sex == "F" and spouse_male else head
    for member in home.members[1:]:
        if member.relation in (R.SPOUSE, R.CHILD_IN_LAW, R.LODGER, R.OTHER_RELATIVE):
            member.surname = names.surname()
        elif member.relation == R.PARENT:
            member.surname = head.surname if member.sex == "M" else names.surname()
        elif member.relation == R.SIBLING:
            member.surname = head.surname
        elif member.relation == R.CHILD:
            if not father_line.surname:
                father_line.surname = names.surname()
            member.surname = father_line.surname
        else:  # grandchildren carry the surname of their father: the head's son, or the head's son-in-law
            son_in_law = by_relation.get(R.CHILD_IN_LAW + "M")
            if son_in_law and not son_in_law.surname:
                son_in_law.surname = names.surname()
            member.surname = son_in_law.surname if son_in_law else head.surname
    for member in home.members:
        member.name = member.surname + names.given(member.sex, today.year - member.age)
