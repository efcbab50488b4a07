"""What the demo's case work draws on: district-wide, read once after the agencies are built, the agencies and
their contacts, the programme catalogue by need domain and the 희망복지지원단 case managers; per dong, its
generated households sorted by benefit (기초수급, 차상위) and what is already recorded about them."""

import random
from dataclasses import dataclass

from chatdong.org.models import Agency, AgencyContact, StaffMember
from chatdong.org.roles import Role
from chatdong.resources.models import ServiceProgramme

from .households import Home

K = Agency.Kind

# Catalogue programme → the kind of demo agency that provides it (None: the dong centre or a public body).
PROGRAMME_PROVIDERS: dict[str, str] = {
    "home_health_visit": K.HEALTH_CENTRE, "dementia_screening": K.DEMENTIA_CENTRE,
    "mind_care": K.MENTAL_HEALTH_CENTRE, "mental_health": K.MENTAL_HEALTH_CENTRE,
    "suicide_prevention": K.SUICIDE_PREVENTION_CENTRE, "elder_basic_care": K.ELDER_WELFARE_CENTRE,
    "free_meals": K.ELDER_WELFARE_CENTRE, "elder_jobs": K.ELDER_WELFARE_CENTRE,
    "elder_total_care": K.HOME_ELDER_CARE, "home_helper": K.SELF_SUFFICIENCY,
    "disability_activity": K.SELF_SUFFICIENCY, "self_sufficiency_work": K.SELF_SUFFICIENCY,
    "job_centre": K.JOB_CENTRE, "financial_counselling": K.FINANCIAL_WELFARE, "village_lawyer": K.VILLAGE_LAWYER,
    "village_tax_advisor": K.VILLAGE_LAWYER, "dream_start": K.DREAM_START, "housing_repair": K.COMMUNITY_WELFARE_CENTRE,
    "local_child_centre": K.COMMUNITY_WELFARE_CENTRE, "integrated_case_management": K.COMMUNITY_WELFARE_CENTRE,
}  # fmt: skip


@dataclass(frozen=True)
class AgencyRef:
    id: int
    name: str
    kind: str
    dong_id: int | None
    runs_case_management: bool


@dataclass(frozen=True)
class ProgrammeRef:
    id: int
    code: str
    name: str
    domain: str


class Directory:
    def __init__(self) -> None:
        self.agencies = [
            AgencyRef(a.pk, a.name, a.kind, a.dong_id, a.runs_case_management) for a in Agency.objects.order_by("pk")
        ]
        self.by_id = {a.id: a for a in self.agencies}
        self.contacts: dict[int, list[tuple[str, str]]] = {}
        for agency_id, name, title in AgencyContact.objects.order_by("pk").values_list("agency_id", "name", "title"):
            self.contacts.setdefault(agency_id, []).append((name, title))
        self.programmes: dict[str, list[ProgrammeRef]] = {}
        for p in ServiceProgramme.objects.filter(active=True).order_by("code"):
            self.programmes.setdefault(p.domain, []).append(ProgrammeRef(p.pk, p.code, p.name, p.domain))
        self.hope_staff = list(
            StaffMember.objects.filter(roles__role=Role.HOPE_CASE_MANAGER).order_by("pk").values_list("pk", flat=True)
        )

    def agency(self, rng: random.Random, kind: str, dong_id: int) -> AgencyRef | None:
        """An agency of the kind: the dong's own if it has one, else any (district-wide ones included)."""
        of_kind = [a for a in self.agencies if a.kind == kind]
        local = [a for a in of_kind if a.dong_id == dong_id]
        return rng.choice(local or of_kind) if of_kind else None

    def provider(self, rng: random.Random, programme: ProgrammeRef, dong_id: int) -> AgencyRef | None:
        kind = PROGRAMME_PROVIDERS.get(programme.code)
        return self.agency(rng, kind, dong_id) if kind else None


@dataclass
class DongPeople:
    """One dong's generated households as the case work needs them (ids are those they were written with)."""

    homes: list[Home]
    low_income: list[Home]  # with 기초수급 or 차상위 benefits
    basic: set[int]  # household ids with 기초생활보장
    near_poor: set[int]  # household ids with a 차상위 benefit (and no 기초생활보장)
    assigned: set[tuple[int, int]]  # (household id, staff id) already in charge, so assignments are not doubled
    sensitive: list[tuple[int, str]]  # (person id, flag kind) of the dong's sensitive flags
    suicide_flagged: set[int]  # person ids with a suicide-risk flag
