"""The demo's organisation: each dong's tongs, bans and zones, its staff in every role, zone officers,
tong leaders; the district's staff; and the list of demo accounts the command prints.

Everything goes through `org.services` (and `access.assignments` for zone officers), one row at a time:
a few hundred rows, so the services' own checks and audit are worth their cost. Passwords are hashed once
and set on all accounts in one UPDATE, because hashing costs half a second each.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser

from chatdong.access.assignments import services as assignments
from chatdong.org import services as org
from chatdong.org.models import Ban, District, Dong, NeighbourhoodLeader, StaffMember, Team, Tong
from chatdong.org.roles import PlannerSpeciality, Role

from .identity import mobile
from .names import NameMaker
from .places import DONG_SLUGS

User = get_user_model()
P = PlannerSpeciality

# Per dong: username suffix → (roles, team). Usernames are <dong slug>.<suffix>.
DONG_STAFF: dict[str, tuple[list[str | tuple[str, str]], str | None]] = {
    "head": ([Role.DONG_HEAD], None),
    "coordinator": ([Role.OFFICER_COORDINATOR], Team.Kind.ADMINISTRATION),
    "officer": ([Role.NEIGHBOURHOOD_OFFICER], Team.Kind.ADMINISTRATION),
    "officer2": ([Role.NEIGHBOURHOOD_OFFICER], Team.Kind.ADMINISTRATION),
    "supervisor": ([Role.WELFARE_SUPERVISOR], Team.Kind.WELFARE_1),
    "planner": ([(Role.WELFARE_PLANNER, P.POVERTY_CRISIS)], Team.Kind.WELFARE_1),
    "planner65": ([(Role.WELFARE_PLANNER, P.TURNING_65)], Team.Kind.WELFARE_2),
    "plannerbirth": ([(Role.WELFARE_PLANNER, P.BIRTH_CHILDCARE)], Team.Kind.WELFARE_1),
    "plannercare": ([(Role.WELFARE_PLANNER, P.CARE_CRISIS)], Team.Kind.WELFARE_2),
    "nurse": ([Role.VISITING_NURSE], Team.Kind.WELFARE_2),
    "desk": ([Role.CONSULTATION_OFFICER], Team.Kind.WELFARE_1),
    "resources": ([Role.RESOURCE_MANAGER], Team.Kind.WELFARE_2),
    "sharing": ([Role.SHARING_NEIGHBOUR_MANAGER], Team.Kind.WELFARE_2),
    "volunteer": ([Role.VOLUNTEER_MANAGER], Team.Kind.ADMINISTRATION),
}
# Who walks zone 1, 2, …: the dong head is neighbourhood officer no. 1; the consultation desk is exempt.
ZONE_WALKERS = ["head", "officer", "officer2", "coordinator", "volunteer", "sharing"]

# District staff: username → (roles, team).
DISTRICT_STAFF: dict[str, tuple[list[str | tuple[str, str]], str]] = {
    "district.hope": ([Role.HOPE_CASE_MANAGER], Team.Kind.HOPE),
    "district.hope2": ([Role.HOPE_CASE_MANAGER], Team.Kind.HOPE),
    "district.hopelead": ([Role.HOPE_STAFF], Team.Kind.HOPE),
    "district.stats": ([Role.DISTRICT_STATS], Team.Kind.DISTRICT_OFFICE),
    "district.auditor": ([Role.PRIVACY_AUDITOR], Team.Kind.DISTRICT_OFFICE),
    "city.welfare": ([Role.CITY_ADMIN], Team.Kind.DISTRICT_OFFICE),
}

# The accounts the README names, in the order the command prints them.
DEMO_ACCOUNTS = [
    "admin", "wolgok2.planner", "wolgok2.planner65", "wolgok2.plannercare", "wolgok2.nurse", "wolgok2.desk",
    "wolgok2.supervisor", "wolgok2.officer", "wolgok2.coordinator", "wolgok2.resources", "wolgok2.tongjang",
    "jangwi1.planner", "district.hope", "district.stats", "district.auditor",
]  # fmt: skip
TONGJANG_USERNAME = "wolgok2.tongjang"
WELFARE_TONG_SPAN = 3  # "1 통장 : 3 통": each 복지통장 looks after their own tong and the next two


@dataclass
class DongOrg:
    """One dong's structure and people, as the population builder needs them."""

    dong: Dong
    slug: str
    tongs: list[Tong]
    bans: dict[int, list[Ban]]  # tong number → its bans
    staff: dict[str, StaffMember] = field(default_factory=dict)  # username suffix → staff
    welfare_leader_of_tong: dict[int, NeighbourhoodLeader] = field(default_factory=dict)


def structure_size(households: int, households_at_full_scale: int) -> tuple[int, int, int]:
    """(tongs, bans per tong, zones): 4–6 zones by the dong's real size; ~1 tong per 400 households, ≥ 1 per zone."""
    zones = min(6, max(4, round(households_at_full_scale / 3000)))
    tongs = max(zones, round(households / 400))
    bans = min(10, max(2, round(households / tongs / 40)))
    return tongs, bans, zones


def build_dong(
    rng: random.Random, names: NameMaker, district: District, dong: Dong, households: int, full_households: int,
    admin: AbstractBaseUser, today: dt.date,
) -> DongOrg:  # fmt: skip
    tongs, bans_per_tong, zones = structure_size(households, full_households)
    tong_objs = org.build_dong_structure(dong, tongs=tongs, bans_per_tong=bans_per_tong, zones=zones)
    bans: dict[int, list[Ban]] = {t.number: [] for t in tong_objs}
    by_id = {t.pk: t.number for t in tong_objs}
    for ban in Ban.objects.filter(tong__dong=dong).order_by("tong__number", "number"):
        bans[by_id[ban.tong_id]].append(ban)
    result = DongOrg(dong=dong, slug=DONG_SLUGS[dong.name], tongs=tong_objs, bans=bans)
    for suffix, (roles, team) in DONG_STAFF.items():
        result.staff[suffix] = org.create_staff(
            username=f"{result.slug}.{suffix}", password=None, name=_adult_name(rng, names, today),
            district_id=district.pk, dong=dong, roles=roles, team_kind=team, phone=_office_phone(rng),
        )  # fmt: skip
    for zone, walker in zip(dong.zones.order_by("number"), ZONE_WALKERS, strict=False):
        assignments.assign_zone_officer(admin, zone, result.staff[walker])
    _leaders(rng, names, result, today)
    return result


def _leaders(rng: random.Random, names: NameMaker, result: DongOrg, today: dt.date) -> None:
    """A 통장 for every tong; every third one a 복지통장 for three tongs; a few 명예사회복지공무원 and 복지위원."""
    for tong in result.tongs:
        welfare = (tong.number - 1) % WELFARE_TONG_SPAN == 0
        username = TONGJANG_USERNAME if welfare and tong.number == 1 and result.slug == "wolgok2" else ""
        leader = org.create_leader(
            name=_adult_name(rng, names, today, 45, 72),
            kind=NeighbourhoodLeader.Kind.WELFARE_TONG_LEADER if welfare else NeighbourhoodLeader.Kind.TONG_LEADER,
            tong=tong, appointed_on=today - dt.timedelta(days=rng.randrange(30, 700)),
            username=username, password=None, phone=mobile(rng),
        )  # fmt: skip
        if welfare:
            leader.reappointments = rng.choice([0, 0, 1, 2])
            leader.save(update_fields=["reappointments"])
            for number in range(tong.number, tong.number + WELFARE_TONG_SPAN):
                result.welfare_leader_of_tong[number] = leader
    for kind in (NeighbourhoodLeader.Kind.HONORARY_WORKER, NeighbourhoodLeader.Kind.WELFARE_COMMISSIONER):
        for _ in range(2):
            org.create_leader(
                name=_adult_name(rng, names, today, 35, 75), kind=kind, tong=rng.choice(result.tongs),
                appointed_on=today - dt.timedelta(days=rng.randrange(30, 1000)), phone=mobile(rng),
            )  # fmt: skip


def build_district_staff(rng: random.Random, names: NameMaker, district: District, today: dt.date) -> None:
    for username, (roles, team_kind) in DISTRICT_STAFF.items():
        staff = org.create_staff(
            username=username, password=None, name=_adult_name(rng, names, today), district_id=district.pk,
            dong=None, roles=roles, phone=_office_phone(rng),
        )  # fmt: skip
        # org.services only files dong staff into teams; the district's teams have no dong.
        staff.team, _ = Team.objects.get_or_create(district=district, dong=None, kind=team_kind)
        staff.save(update_fields=["team"])


def create_admin() -> AbstractBaseUser:
    return User.objects.create_superuser(username="admin", password=None)


def set_passwords(password: str) -> None:
    """One hash for every demo account (hashing is deliberately slow; the accounts share a public password)."""
    User.objects.filter(pk__in=_demo_user_ids()).update(password=make_password(password))


def _demo_user_ids() -> list[int]:
    staff = StaffMember.objects.values_list("user_id", flat=True)
    leaders = NeighbourhoodLeader.objects.exclude(user=None).values_list("user_id", flat=True)
    return [*staff, *leaders, *User.objects.filter(username="admin").values_list("pk", flat=True)]


def _adult_name(rng: random.Random, names: NameMaker, today: dt.date, low: int = 26, high: int = 58) -> str:
    sex = "M" if rng.random() < 0.45 else "F"
    return names.full(sex, today.year - rng.randint(low, high))


def _office_phone(rng: random.Random) -> str:
    return f"02-2241-{rng.randrange(1000, 10000)}"  # the district's own exchange
