"""One dong's residents, from figures to rows: households placed in tongs and bans with addresses,
members given birth dates, names, numbers and phones, then benefits and records, all written in bulk."""

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from chatdong.org.reference import DongFigures
from chatdong.registry.models import (
    BenefitStatus,
    Household,
    HouseholdContact,
    LeaderAssignment,
    MoveRecord,
    Person,
    PersonFlag,
    StaffAssignment,
)

from .benefits import Grant, plan_benefits
from .households import DongTargets, Home, Member, make_homes
from .identity import birth_date_for_age, landline, mobile, name_household, resident_number
from .names import NameMaker
from .places import AddressBook
from .records import (
    CONTACT_FIELDS,
    FLAG_FIELDS,
    LEADER_ASSIGNMENT_FIELDS,
    MOVE_FIELDS,
    STAFF_ASSIGNMENT_FIELDS,
    DongRecords,
    make_records,
)
from .staff import DongOrg
from .writer import BulkWriter

HOUSEHOLD_FIELDS = ("id", "dong_id", "tong_id", "ban_id", "registry_no", "road_address", "address_detail", "phone")
PERSON_FIELDS = (
    "id", "household_id", "name", "birth_date", "sex", "relation", "phone",
    "rrn_encrypted", "rrn_hash", "rrn_prefix", "moved_in_on",
)  # fmt: skip
BENEFIT_FIELDS = ("person_id", "benefit_type_id", "started_on", "ended_on")
CHILD_BENEFITS = ("child_education_fee", "childcare_fee", "home_care_allowance")
# Below these shares of the district average a dong's shapes are not tilted further.
ELDER_WEIGHT_RANGE = (0.6, 2.0)
FAMILY_WEIGHT_RANGE = (0.6, 2.5)


def scaled(count: int, scale: float) -> int:
    """count × scale rounded half up (Decimal, so 0.5 never becomes 0.4999…)."""
    return int((Decimal(count) * Decimal(str(scale))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class DongPlan:
    targets: DongTargets
    benefits: dict[str, int]  # statistics column → persons


def plan_dong(figures: DongFigures, scale: float, district: list[DongFigures]) -> DongPlan:
    """Scaled counts. Women are the residents minus the men, so that men + women = residents exactly
    (rounding each separately could be one off)."""
    benefits = {column: scaled(n, scale) for column, n in figures.recipients.items()}
    population = sum(f.population for f in district)
    pension_share = sum(f.recipients["basic_pension"] for f in district) / population
    child_share = sum(f.recipients[c] for f in district for c in CHILD_BENEFITS) / population
    children = sum(figures.recipients[c] for c in CHILD_BENEFITS)

    def clamp(value: float, bounds: tuple[float, float]) -> float:
        return min(bounds[1], max(bounds[0], value))

    targets = DongTargets(
        households=scaled(figures.households, scale),
        residents=scaled(figures.population, scale),
        males=scaled(figures.male, scale),
        # About 70% of people over 65 receive the basic pension; nearly every child under six one childcare benefit.
        elders_at_least=math.ceil(benefits["basic_pension"] / 0.7),
        young_children_at_least=math.ceil(sum(benefits[c] for c in CHILD_BENEFITS) / 0.97),
        one_parent_at_least=math.ceil(benefits["single_parent"] * 1.1),
        elder_weight=clamp(
            figures.recipients["basic_pension"] / figures.population / pension_share, ELDER_WEIGHT_RANGE
        ),
        family_weight=clamp(children / figures.population / child_share, FAMILY_WEIGHT_RANGE),
    )
    return DongPlan(targets=targets, benefits=benefits)


@dataclass
class DongResult:
    households: int
    residents: int
    males: int
    benefit_rows: int
    flags: int
    # What was generated, for the case work that follows (chatdong.demo.casework).
    homes: list[Home] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    records: DongRecords = field(default_factory=DongRecords)


class PopulationBuilder:
    """Shared across dongs: the writer, the numbers already handed out, the benefit type ids."""

    def __init__(self, writer: BulkWriter, benefit_type_ids: dict[str, int], today: dt.date):
        self.writer = writer
        self.benefit_type_ids = benefit_type_ids
        self.today = today
        self.used_numbers: set[str] = set()
        # One unsaved Person whose set_resident_number does the encryption, hashing and prefix for every row.
        self.scratch = Person()

    def build(self, rng: random.Random, names: NameMaker, org: DongOrg, plan: DongPlan) -> DongResult:
        homes = make_homes(rng, plan.targets)
        rng.shuffle(homes)
        self._place(rng, org, homes)
        self._identify(rng, names, homes)
        grants = plan_benefits(rng, homes, plan.benefits, self.today)
        records = make_records(rng, names, org, homes, grants, self.today)
        w = self.writer
        w.write(Household, HOUSEHOLD_FIELDS, [self._household_row(org, i, h) for i, h in enumerate(homes, start=1)])
        w.write(Person, PERSON_FIELDS, [self._person_row(h, m) for h in homes for m in h.members])
        benefit_rows = [(g.member.id, self.benefit_type_ids[g.code], g.started_on, None) for g in grants]
        w.write(BenefitStatus, BENEFIT_FIELDS, benefit_rows)
        w.write(PersonFlag, FLAG_FIELDS, records.flags)
        w.write(HouseholdContact, CONTACT_FIELDS, records.contacts)
        w.write(MoveRecord, MOVE_FIELDS, records.moves)
        w.write(StaffAssignment, STAFF_ASSIGNMENT_FIELDS, records.staff_assignments)
        w.write(LeaderAssignment, LEADER_ASSIGNMENT_FIELDS, records.leader_assignments)
        return DongResult(
            households=len(homes),
            residents=sum(h.size for h in homes),
            males=sum(1 for h in homes for m in h.members if m.sex == "M"),
            benefit_rows=len(benefit_rows),
            flags=len(records.flags),
            homes=homes,
            grants=grants,
            records=records,
        )

    def _place(self, rng: random.Random, org: DongOrg, homes: list[Home]) -> None:
        """Consecutive runs of households fill ban after ban, tong after tong; each ban has its buildings."""
        groups = [(tong, ban) for tong in org.tongs for ban in org.bans[tong.number]]
        book = AddressBook(rng, org.dong.name)
        first = self.writer.reserve(Household, len(homes))
        start = 0
        for index, (tong, ban) in enumerate(groups):
            end = (index + 1) * len(homes) // len(groups)
            run = homes[start:end]
            for home, address in zip(run, book.for_ban(tong.number, len(run)), strict=True):
                home.id = first + start
                home.tong_number, home.tong_id, home.ban_id = tong.number, tong.pk, ban.pk
                home.road_address, home.address_detail = address.road_address, address.address_detail
                home.phone = landline(rng) if rng.random() < 0.3 else ""
                start += 1

    def _identify(self, rng: random.Random, names: NameMaker, homes: list[Home]) -> None:
        first = self.writer.reserve(Person, sum(h.size for h in homes))
        next_id = first
        for home in homes:
            for member in home.members:
                member.id = next_id
                next_id += 1
                member.birth_date = birth_date_for_age(rng, member.age, self.today)
                if member.age >= 14 and rng.random() < (0.55 if member.age >= 80 else 0.88):
                    member.phone = mobile(rng)
            name_household(names, home, self.today)
            for member in home.members:
                assert member.birth_date is not None
                member.resident = resident_number(rng, member.birth_date, member.sex, self.used_numbers)

    def _household_row(self, org: DongOrg, index: int, home: Home) -> tuple:
        return (
            home.id, org.dong.pk, home.tong_id, home.ban_id, f"{org.dong.code}-{index:05d}",
            home.road_address, home.address_detail, home.phone,
        )  # fmt: skip

    def _person_row(self, home: Home, member: Member) -> tuple:
        assert member.resident is not None
        scratch = self.scratch
        scratch.set_resident_number(member.resident)
        return (
            member.id, home.id, member.name, member.birth_date, member.sex, member.relation, member.phone,
            scratch.rrn_encrypted, scratch.rrn_hash, scratch.rrn_prefix, member.moved_in_on,
        )  # fmt: skip
