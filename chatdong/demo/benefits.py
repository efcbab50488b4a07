"""Who in a dong receives which benefit: exactly the scaled per-dong counts, given to plausible people first.

Each column of the statistics table goes to a list of pools tried in order (the plausible recipients,
then wider ones, finally anyone), so the counts are always met exactly even where a tiny or odd dong
lacks plausible people. Assistance that the tables count per person but that is granted per household
(basic livelihood, priority care) goes to whole households while they fit.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chatdong.registry.models import Person

from .households import Home, Member

R = Person.Relation
Pool = Callable[[], Iterable[Member]]

# Benefit type codes without a statistics column that go along with one that has it.
LIVELIHOOD_PARTS = ("livelihood_benefit", "medical_benefit")
BASIC_PENSION_START = dt.date(2014, 7, 1)
HOUSEHOLD_NEEDS = ("single_elder", "one_parent", "grandparent_grandchild", "single_middle", "couple_elder")


@dataclass(frozen=True, slots=True)
class Grant:
    member: Member
    code: str  # BenefitType.code
    started_on: dt.date


class BenefitPlanner:
    """Hands out one dong's benefits; `grants` collects the result."""

    def __init__(self, rng: random.Random, homes: list[Home], today: dt.date):
        self.rng = rng
        self.homes = homes
        self.today = today
        self.people = [(home, m) for home in homes for m in home.members]
        self.holding: dict[str, set[int]] = {}  # benefit code → id() of holders
        self.grants: list[Grant] = []

    # -- pools --------------------------------------------------------------------------------------
    def aged(self, low: int, high: int, *, relation: str | None = None) -> Pool:
        return lambda: [
            m for _h, m in self.people if low <= m.age <= high and (relation is None or m.relation == relation)
        ]

    def everyone(self) -> Pool:
        return lambda: [m for _h, m in self.people]

    def holders(self, *codes: str) -> Pool:
        wanted = set().union(*(self.holding.get(code, set()) for code in codes))
        return lambda: [m for _h, m in self.people if id(m) in wanted]

    def without(self, pool: Pool, *codes: str) -> Pool:
        excluded = set().union(*(self.holding.get(code, set()) for code in codes))
        return lambda: [m for m in pool() if id(m) not in excluded]

    def in_shapes(self, shapes: Iterable[str], relation: str | None = None) -> Pool:
        wanted = set(shapes)
        return lambda: [m for h, m in self.people if h.shape in wanted and (relation is None or m.relation == relation)]

    # -- granting -----------------------------------------------------------------------------------
    def grant(self, member: Member, code: str, earliest: dt.date | None = None) -> None:
        assert member.birth_date is not None
        start = max(member.birth_date, earliest or self.today - dt.timedelta(days=365 * 12))
        span = (self.today - start).days
        started_on = start + dt.timedelta(days=self.rng.randrange(span + 1)) if span > 0 else self.today
        self.holding.setdefault(code, set()).add(id(member))
        self.grants.append(Grant(member, code, started_on))

    def persons(
        self, code: str, count: int, pools: list[Pool], earliest: Callable[[Member], dt.date] | None = None
    ) -> None:
        """Give `code` to exactly `count` distinct people, drawing from the pools in order."""
        chosen = self.holding.setdefault(code, set())
        remaining = count - len(chosen)
        for pool in [*pools, self.everyone()]:
            if remaining <= 0:
                break
            candidates = [m for m in pool() if id(m) not in chosen]
            self.rng.shuffle(candidates)
            for member in candidates[:remaining]:
                self.grant(member, code, earliest(member) if earliest else None)
                remaining -= 1

    def households(self, code: str, count: int, shapes: Iterable[str], exclude: tuple[str, ...] = ()) -> None:
        """Whole households of the preferred shapes while they fit; the rest person by person."""
        excluded = set().union(*(self.holding.get(c, set()) for c in exclude))
        preferred = set(shapes)
        homes = [h for h in self.homes if h.shape in preferred and not any(id(m) in excluded for m in h.members)]
        self.rng.shuffle(homes)
        remaining = count
        for home in homes:
            if remaining < home.size:
                continue
            for member in home.members:
                self.grant(member, code)
            remaining -= home.size
            if remaining == 0:
                break
        self.persons(code, count, [self.without(self.everyone(), *exclude)])


def plan_benefits(rng: random.Random, homes: list[Home], counts: dict[str, int], today: dt.date) -> list[Grant]:
    """Benefits for one dong. `counts` maps each statistics column (= benefit type code) to its scaled count."""
    p = BenefitPlanner(rng, homes, today)
    child = ("child_education_fee", "childcare_fee", "home_care_allowance")
    # Every child under six gets one of the three; kindergarten fees (유아학비) are for ages 3–5.
    p.persons("child_education_fee", counts["child_education_fee"], [p.aged(3, 5), p.aged(6, 6), p.aged(0, 2)])
    p.persons(
        "childcare_fee", counts["childcare_fee"], [p.without(p.aged(1, 5), *child), p.without(p.aged(0, 7), *child)]
    )
    p.persons(
        "home_care_allowance", counts["home_care_allowance"],
        [p.without(p.aged(0, 2), *child), p.without(p.aged(0, 7), *child), p.aged(0, 7)],
    )  # fmt: skip
    p.persons(
        "foster_child", counts["foster_child"],
        [p.in_shapes(["grandparent_grandchild"], R.GRANDCHILD), p.without(p.aged(0, 17), *child)],
    )  # fmt: skip
    p.persons("adopted_child_allowance", counts["adopted_child_allowance"], [p.aged(0, 15, relation=R.CHILD)])

    def at_65(m: Member) -> dt.date:
        assert m.birth_date is not None
        return max(BASIC_PENSION_START, m.birth_date.replace(year=m.birth_date.year + 65, day=1))

    p.persons("basic_pension", counts["basic_pension"], [p.aged(65, 120), p.aged(60, 64)], earliest=at_65)
    p.persons("disability_pension", counts["disability_pension"], [p.aged(18, 64), p.aged(65, 120)])
    p.persons(
        "disability_allowance", counts["disability_allowance"], [p.without(p.aged(18, 120), "disability_pension")]
    )
    p.households("basic_livelihood", counts["basic_livelihood"], HOUSEHOLD_NEEDS)
    disabled = p.holders("disability_pension", "disability_allowance")
    p.persons(
        "near_poor_disabled", counts["near_poor_disabled"],
        [p.without(disabled, "basic_livelihood"), p.without(p.aged(18, 120), "basic_livelihood")],
    )  # fmt: skip
    p.persons(
        "near_poor_self_support", counts["near_poor_self_support"], [p.without(p.aged(18, 64), "basic_livelihood")]
    )
    p.persons(
        "near_poor_copay_reduction", counts["near_poor_copay_reduction"],
        [p.without(p.aged(40, 120), "basic_livelihood")],
    )  # fmt: skip
    p.households("near_poor_priority_care", counts["near_poor_priority_care"], HOUSEHOLD_NEEDS, ("basic_livelihood",))
    p.persons(
        "single_parent", counts["single_parent"],
        [
            p.in_shapes(["one_parent"], R.HEAD),
            p.in_shapes(["grandparent_grandchild"], R.HEAD),
            p.in_shapes(["one_parent", "grandparent_grandchild"]),
        ],
    )  # fmt: skip
    _companions(p)
    return p.grants


def _companions(p: BenefitPlanner) -> None:
    """Detail types that come with a counted one: medical aid with livelihood security, the one-parent family's kind."""
    for grant in list(p.grants):
        member = grant.member
        if grant.code == "basic_livelihood":
            codes = LIVELIHOOD_PARTS if member.relation == R.HEAD else LIVELIHOOD_PARTS[1:]
        elif grant.code == "single_parent":
            if member.relation == R.HEAD and member.age >= 55:
                codes = ("single_parent_grandparent",)
            else:
                codes = ("single_parent_mother",) if member.sex == "F" else ("single_parent_father",)
        else:
            continue
        for code in codes:
            p.grants.append(Grant(member, code, grant.started_on))
