"""What is recorded about one dong's generated households besides their members: flags (홀몸어르신, 장애,
the rare sensitive ones), emergency contacts, move-in and birth history, and who looks after whom
(planners for flagged households, the welfare tong leader for elders living alone).

Produces row tuples in the column order of the `*_FIELDS` constants; the writer adds ids.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from chatdong.registry.models import Flag, MoveRecord

from .benefits import Grant
from .households import Home, Member
from .identity import mobile
from .names import NameMaker
from .places import ELSEWHERE
from .staff import DongOrg

FLAG_FIELDS = ("person_id", "kind", "started_on", "ended_on", "note", "reported_to_police_on", "recorded_by_id")
CONTACT_FIELDS = ("household_id", "name", "relation", "phone", "note")
MOVE_FIELDS = ("person_id", "household_id", "kind", "occurred_on", "from_address", "to_address")
STAFF_ASSIGNMENT_FIELDS = ("household_id", "staff_id", "started_on", "ended_on")
LEADER_ASSIGNMENT_FIELDS = ("household_id", "leader_id", "started_on", "ended_on", "matched_person_id",
                            "check_in_every_days")  # fmt: skip
MATCHED_EVERY_DAYS = 7  # 1:1 matched elders living alone: a call every week (seed 002: 주1회 이상 안부전화)

# Sensitive flags: (kind, share of the eligible people, notes a worker might write).
SENSITIVE = [
    (Flag.ELDER_ABUSE, 0.003, ["이웃 신고: 아들의 폭언과 방임 의심", "방문간호사 방문 시 멍 자국 확인"]),
    (Flag.CHILD_ABUSE, 0.001, ["어린이집 교사 신고: 잦은 결석과 상처", "아동보호전문기관 의뢰 접수"]),
    (Flag.DOMESTIC_VIOLENCE, 0.001, ["112 출동 후 경찰 연계", "가정폭력상담소 연계 요청"]),
    (Flag.SUICIDE_RISK, 0.001, ["마음돌봄 선별검사 고위험", "상담 중 자살 사고 언급"]),
]
CONTACT_RELATIONS = ["아들", "딸", "며느리", "사위", "조카", "이웃", "집주인"]
CONTACT_NOTES = ["", "", "평일 저녁 연락 가능", "주말에만 통화 가능", "지방 거주"]
MOVE_IN_SHARE = 0.12


@dataclass
class DongRecords:
    flags: list[tuple] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)
    moves: list[tuple] = field(default_factory=list)
    staff_assignments: list[tuple] = field(default_factory=list)
    leader_assignments: list[tuple] = field(default_factory=list)


class RecordMaker:
    def __init__(self, rng: random.Random, names: NameMaker, org: DongOrg, today: dt.date):
        self.rng = rng
        self.names = names
        self.org = org
        self.today = today
        self.out = DongRecords()
        self.assigned: set[tuple[int, str]] = set()

    def since(self, earliest: dt.date, years_back: int = 10) -> dt.date:
        start = max(earliest, self.today - dt.timedelta(days=365 * years_back))
        span = (self.today - start).days
        return start + dt.timedelta(days=self.rng.randrange(span + 1)) if span > 0 else self.today

    def flag(self, member: Member, kind: str, started_on: dt.date, note: str = "", staff_id: int | None = None) -> None:
        police = started_on if kind in (Flag.ELDER_ABUSE, Flag.CHILD_ABUSE, Flag.DOMESTIC_VIOLENCE) else None
        self.out.flags.append((member.id, kind, started_on, None, note, police, staff_id))

    def assign_staff(self, home: Home, suffix: str, started_on: dt.date) -> None:
        if (home.id, suffix) in self.assigned:  # two flags in one household: still one person in charge
            return
        self.assigned.add((home.id, suffix))
        self.out.staff_assignments.append((home.id, self.org.staff[suffix].pk, started_on, None))


def moves(rng: random.Random, maker: RecordMaker, homes: list[Home]) -> None:
    """Move-in history for some households (the date also becomes each member's 전입일) and births."""
    for home in homes:
        if rng.random() < MOVE_IN_SHARE:
            youngest = max(m.birth_date for m in home.members if m.birth_date)
            moved_in = maker.since(youngest, 6)
            origin = f"{rng.choice(ELSEWHERE)} {rng.randint(1, 300)}"
            for member in home.members:
                member.moved_in_on = moved_in
                maker.out.moves.append((member.id, home.id, MoveRecord.Kind.MOVE_IN, moved_in, origin, home.address))
        for member in home.members:
            if member.age == 0 and member.birth_date:
                maker.out.moves.append((member.id, home.id, MoveRecord.Kind.BIRTH, member.birth_date, "", home.address))


def make_records(
    rng: random.Random, names: NameMaker, org: DongOrg, homes: list[Home], grants: list[Grant], today: dt.date
) -> DongRecords:
    maker = RecordMaker(rng, names, org, today)
    moves(rng, maker, homes)
    _everyday_flags(rng, maker, homes, grants)
    _sensitive_flags(rng, maker, homes)
    _leader_assignments(rng, maker, homes)
    return maker.out


def _everyday_flags(rng: random.Random, maker: RecordMaker, homes: list[Home], grants: list[Grant]) -> None:
    disabled: dict[int, Grant] = {}
    livelihood: set[int] = set()
    for grant in grants:
        if grant.code in ("disability_pension", "disability_allowance", "near_poor_disabled"):
            disabled.setdefault(id(grant.member), grant)
        elif grant.code == "basic_livelihood":
            livelihood.add(id(grant.member))
    for grant in disabled.values():
        maker.flag(grant.member, Flag.DISABILITY, grant.started_on)
    for home in homes:
        head = home.members[0]
        assert head.birth_date is not None
        if home.size == 1 and head.age >= 65:
            started = maker.since(head.birth_date.replace(year=head.birth_date.year + 65, day=1))
            maker.flag(head, Flag.LIVING_ALONE_ELDER, started)
            if rng.random() < 0.7:
                sex = "M" if rng.random() < 0.5 else "F"
                maker.out.contacts.append(
                    (home.id, maker.names.full(sex, maker.today.year - max(25, head.age - 30)),
                     rng.choice(CONTACT_RELATIONS), mobile(rng), rng.choice(CONTACT_NOTES))
                )  # fmt: skip
            if rng.random() < 0.05:  # a poverty-crisis planner already follows some of them
                maker.assign_staff(home, "planner", maker.since(started, 2))
        elif home.size == 1 and 30 <= head.age < 60 and rng.random() < 0.015:
            maker.flag(head, Flag.RECLUSIVE, maker.since(head.birth_date, 3), "이웃 제보: 외출이 거의 없음")
        if home.size == 1 and id(head) in livelihood and rng.random() < 0.03:
            maker.flag(head, Flag.HOMELESS_RISK, maker.since(head.birth_date, 2), "월세 체납 3개월")
        if home.shape.startswith("couple") and rng.random() < 0.02:
            maker.flag(home.members[1], Flag.MULTICULTURAL, maker.since(home.members[1].birth_date or maker.today))
        for member in home.members:
            if member.age >= 75 and rng.random() < 0.04:
                maker.flag(member, Flag.DEMENTIA_SUSPECTED, maker.since(member.birth_date or maker.today, 3))


def _sensitive_flags(rng: random.Random, maker: RecordMaker, homes: list[Home]) -> None:
    """Rare (rates per eligible person), but at least one per dong."""
    eligible: dict[str, list[tuple[Home, Member]]] = {kind: [] for kind, _s, _n in SENSITIVE}
    for home in homes:
        for member in home.members:
            if member.age >= 65:
                eligible[Flag.ELDER_ABUSE].append((home, member))
            elif member.age < 18:
                eligible[Flag.CHILD_ABUSE].append((home, member))
            else:
                eligible[Flag.SUICIDE_RISK].append((home, member))
            if member.relation == "spouse":
                eligible[Flag.DOMESTIC_VIOLENCE].append((home, member))
    care_planner = maker.org.staff["plannercare"]
    chosen = [
        (kind, notes, rng.sample(eligible[kind], round(len(eligible[kind]) * share)))
        for kind, share, notes in SENSITIVE
    ]
    if not any(people for _k, _n, people in chosen):
        # Small scales: still one case per dong, so its supervisor and planners have one to open.
        kind, _share, notes = next((k, s, n) for k, s, n in SENSITIVE if eligible[k])
        chosen = [(kind, notes, rng.sample(eligible[kind], 1))]
    for kind, notes, people in chosen:
        for home, member in people:
            started = maker.since(member.birth_date or maker.today, 1)
            maker.flag(member, kind, started, rng.choice(notes), care_planner.pk)
            maker.assign_staff(home, "plannercare", started)
            if kind in (Flag.ELDER_ABUSE, Flag.SUICIDE_RISK):
                maker.assign_staff(home, "planner", started)


def _leader_assignments(rng: random.Random, maker: RecordMaker, homes: list[Home]) -> None:
    """Elders living alone go to their tong's 복지통장, matched 1:1 with a weekly check-in; each 복지통장 gets a
    few households at least."""
    leaders = maker.org.welfare_leader_of_tong
    by_leader: dict[int, list[Home]] = {}
    others: dict[int, list[Home]] = {}
    for home in homes:
        leader = leaders.get(home.tong_number)
        if leader is None:
            continue
        alone_elder = home.size == 1 and home.members[0].age >= 65
        (by_leader if alone_elder else others).setdefault(leader.pk, []).append(home)
    for leader in {leader.pk: leader for leader in leaders.values()}.values():
        assigned = by_leader.get(leader.pk, [])
        if len(assigned) < 3:  # small scales: add older households so every 복지통장 has someone to check on
            candidates = sorted(others.get(leader.pk, []), key=lambda h: -max(m.age for m in h.members))
            assigned = assigned + candidates[: 3 - len(assigned)]
        earliest = leader.appointed_on or maker.today
        for home in assigned:
            alone_elder = home.size == 1 and home.members[0].age >= 65
            matched = (home.members[0].id, MATCHED_EVERY_DAYS) if alone_elder else (None, None)
            maker.out.leader_assignments.append((home.id, leader.pk, maker.since(earliest, 2), None, *matched))
