"""Setting up the organisation: a dong's teams, tongs, bans and zones, staff accounts with their roles, leaders.

Changes made by people through the pages (who walks a zone, which zone a tong is in, who holds which role)
are in `access.assignments`, which audits them."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Ban, Dong, NeighbourhoodLeader, RoleAssignment, StaffMember, Team, Tong, Zone

User = get_user_model()


@transaction.atomic
def build_dong_structure(dong: Dong, *, tongs: int, bans_per_tong: int, zones: int) -> list[Tong]:
    """Teams, tongs 1..n with their bans, and zones that split the tongs into consecutive runs."""
    for kind in (Team.Kind.ADMINISTRATION, Team.Kind.WELFARE_1, Team.Kind.WELFARE_2):
        Team.objects.get_or_create(district_id=dong.district_id, dong=dong, kind=kind)
    zone_objs = [
        Zone.objects.get_or_create(dong=dong, number=n, defaults={"name": f"{n}구역"})[0] for n in range(1, zones + 1)
    ]
    tong_objs = []
    for number in range(1, tongs + 1):
        zone = zone_objs[(number - 1) * zones // tongs]
        tong, _ = Tong.objects.get_or_create(dong=dong, number=number, defaults={"zone": zone})
        tong_objs.append(tong)
    Ban.objects.bulk_create(
        [Ban(tong=tong, number=b) for tong in tong_objs for b in range(1, bans_per_tong + 1)],
        ignore_conflicts=True,
    )
    return tong_objs


def team_for(dong: Dong | None, kind: str) -> Team | None:
    if dong is None:
        return None
    return Team.objects.filter(dong=dong, kind=kind).first()


@transaction.atomic
def create_staff(
    *,
    username: str,
    password: str | None,
    name: str,
    district_id: int,
    dong: Dong | None,
    roles: Iterable[str | tuple[str, str]],
    team_kind: str | None = None,
    phone: str = "",
) -> StaffMember:
    """A staff account with its roles; a role may be given as (role, planner speciality).

    A password of None leaves the account unusable until one is set (the demo sets one hash for all at once).
    """
    user = User.objects.create_user(username=username, password=password)
    staff = StaffMember.objects.create(
        user=user,
        name=name,
        district_id=district_id,
        dong=dong,
        team=team_for(dong, team_kind) if team_kind else None,
        phone=phone,
    )
    for role in roles:
        role_code, speciality = role if isinstance(role, tuple) else (role, "")
        RoleAssignment.objects.create(staff=staff, role=role_code, speciality=speciality)
    return staff


LEADER_TERM_YEARS = 2  # a welfare tong leader's term (복지통장 임기 2년)


def term_end(appointed_on: dt.date, years: int) -> dt.date:
    """The last day of a term of `years` from the appointment: the day before its anniversary, or 28 February for
    one appointed on 29 February when the last year has no such day (민법 제160조 제3항)."""
    try:
        return appointed_on.replace(year=appointed_on.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February, and the term ends in a common year
        return dt.date(appointed_on.year + years, 2, 28)


@transaction.atomic
def create_leader(
    *,
    name: str,
    kind: str,
    tong: Tong,
    appointed_on: dt.date,
    username: str = "",
    password: str | None = "",
    phone: str = "",
) -> NeighbourhoodLeader:
    user = User.objects.create_user(username=username, password=password) if username else None
    term_ends = term_end(appointed_on, LEADER_TERM_YEARS)
    return NeighbourhoodLeader.objects.create(
        user=user,
        name=name,
        kind=kind,
        dong_id=tong.dong_id,
        tong=tong,
        phone=phone,
        appointed_on=appointed_on,
        term_ends_on=term_ends if kind == NeighbourhoodLeader.Kind.WELFARE_TONG_LEADER else None,
    )
