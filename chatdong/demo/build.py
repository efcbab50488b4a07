"""Builds the whole demo district in one transaction: clear the old demo, then organisation, agencies,
residents of Seongbuk-gu's 20 dongs, their case work (cases, consultations, referrals, conferences) and
outreach (cohort targets, visits, monitoring, officers' zones, walks with photos and monthly meetings, tong
leaders' check-ins). A failed build leaves the previous demo as it was, its photo files too."""

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from chatdong.org.models import Dong, NeighbourhoodLeader, StaffMember, Tong
from chatdong.org.reference import load_seongbuk, read_dong_figures
from chatdong.registry.models import BenefitType

from .agencies import build_agencies
from .casework import Casework, CaseworkCounts
from .names import NameMaker
from .outreach import Outreach, OutreachCounts
from .photos import PhotoStore
from .population import PopulationBuilder, plan_dong
from .staff import DEMO_ACCOUNTS, build_district_staff, build_dong, create_admin, set_passwords
from .writer import BulkWriter, clear_demo

MIN_SCALE, MAX_SCALE = 0.001, 2.0


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    role: str
    dong: str


@dataclass
class DemoSummary:
    scale: float
    seed: int
    dongs: int = 0
    households: int = 0
    residents: int = 0
    males: int = 0
    benefit_rows: int = 0
    flags: int = 0
    staff: int = 0
    tongs: int = 0
    leaders: int = 0
    agencies: int = 0
    cases: int = 0
    consultations: int = 0
    referrals: int = 0
    meetings: int = 0
    targets: int = 0
    visits: int = 0
    watches: int = 0
    activities: int = 0
    findings: int = 0
    weekly_reports: int = 0
    check_ins: int = 0
    key_places: int = 0
    photos: int = 0
    reviews: int = 0
    seconds: float = 0.0
    accounts: list[Account] = field(default_factory=list)

    @property
    def females(self) -> int:
        return self.residents - self.males


def build_demo(*, scale: float, seed: int, password: str, today: dt.date | None = None) -> DemoSummary:
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ValueError(f"규모(--scale)는 {MIN_SCALE}에서 {MAX_SCALE} 사이여야 합니다.")
    today = today or dt.date.today()
    started = time.monotonic()
    summary = DemoSummary(scale=scale, seed=seed)
    photos = PhotoStore()
    try:
        counts, out, dongs = _build(summary, photos, scale=scale, seed=seed, password=password, today=today)
    except BaseException:
        photos.discard()
        raise
    photos.publish()  # after the commit: the new photos replace the old
    summary.cases, summary.consultations = counts.cases, counts.consultations
    summary.referrals, summary.meetings = counts.referrals, counts.meetings + out.meetings
    summary.targets, summary.visits, summary.watches = out.targets, out.visits, out.watches
    summary.activities, summary.findings = out.activities, out.findings
    summary.weekly_reports, summary.check_ins = out.reports, out.check_ins
    summary.key_places, summary.photos, summary.reviews = out.key_places, out.photos, out.reviews
    summary.flags += counts.flags
    summary.dongs = len(dongs)
    summary.staff = StaffMember.objects.count()
    summary.tongs = Tong.objects.count()
    summary.leaders = NeighbourhoodLeader.objects.count()
    summary.accounts = demo_accounts()
    summary.seconds = time.monotonic() - started
    return summary


def _build(summary: DemoSummary, photos: PhotoStore, *, scale: float, seed: int, password: str,
           today: dt.date) -> tuple[CaseworkCounts, OutreachCounts, list[Dong]]:  # fmt: skip
    with transaction.atomic():
        photos.remember_previous()
        clear_demo()
        district, dongs = load_seongbuk()
        figures = read_dong_figures()
        by_name = {f.name: f for f in figures}
        # One stream for the organisation; one per dong for residents, so each dong is reproducible on its own.
        org_rng = random.Random(f"chatdong-demo:{seed}:org")
        org_names = NameMaker(org_rng)
        admin = create_admin()
        build_district_staff(org_rng, org_names, district, today)
        plans = {d.pk: plan_dong(by_name[d.name], scale, figures) for d in dongs}
        orgs = [
            build_dong(org_rng, org_names, district, d, plans[d.pk].targets.households, by_name[d.name].households,
                       admin, today)
            for d in dongs
        ]  # fmt: skip
        summary.agencies = build_agencies(org_rng, org_names, district, dongs, today.year)
        set_passwords(password)

        writer = BulkWriter()
        people = PopulationBuilder(writer, dict(BenefitType.objects.values_list("code", "pk")), today)
        casework = Casework(writer, dongs, figures, scale=scale, seed=seed, today=today)
        outreach = Outreach(writer, dongs, casework.directory, scale=scale, seed=seed, today=today, photos=photos)
        for index, org in enumerate(orgs):
            rng = random.Random(f"chatdong-demo:{seed}:{org.dong.code}")
            result = people.build(rng, NameMaker(rng), org, plans[org.dong.pk])
            summary.households += result.households
            summary.residents += result.residents
            summary.males += result.males
            summary.benefit_rows += result.benefit_rows
            summary.flags += result.flags
            dong_people, visit_cases = casework.add_dong(index, org, result)
            outreach.add_dong(org, result, dong_people, visit_cases)
        counts = casework.finish()
        out = outreach.finish()
        writer.finish()
    return counts, out, dongs


def demo_accounts() -> list[Account]:
    """The README's accounts as they are in the database: name, role(s) and dong."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_ACCOUNTS)}
    staff = {
        s.user_id: s for s in StaffMember.objects.filter(user__in=users.values()).select_related("dong", "district")
    }
    leaders = {
        leader.user_id: leader
        for leader in NeighbourhoodLeader.objects.filter(user__in=users.values()).select_related("dong", "tong")
    }
    roles: dict[int, list[str]] = {}
    for member in staff.values():
        roles[member.user_id] = [str(r) for r in member.roles.all()]
    accounts = []
    for username in DEMO_ACCOUNTS:
        user = users.get(username)
        if user is None:
            continue
        if user.pk in staff:
            member = staff[user.pk]
            place = member.dong.name if member.dong else member.district.name
            accounts.append(Account(username, member.name, ", ".join(roles[user.pk]), place))
        elif user.pk in leaders:
            leader = leaders[user.pk]
            tong = f" {leader.tong.number}통" if leader.tong else ""
            accounts.append(Account(username, leader.name, leader.get_kind_display(), f"{leader.dong.name}{tong}"))
        else:
            accounts.append(Account(username, "관리자", "시스템 관리자(superuser)", "전체"))
    return accounts
