"""Which welfare planner works a household for a programme: the zone's planner of that speciality first.

Rule (seed 002 ④ 구역별 전담공무원제, domain.md §3.1): a planner of the speciality who is also the
neighbourhood officer of the zone the household's tong belongs to; else the dong's planners of that
speciality in turn; else any planner of the dong. `PlannerPicker` applies it to a whole list at once
(cohort generation) with a fixed number of queries, taking the dong's planners "in turn".
"""

from collections import defaultdict

from .models import StaffMember, Zone
from .roles import Role


def _planners(dong_id: int, speciality: str | None) -> list[StaffMember]:
    qs = StaffMember.objects.filter(dong_id=dong_id, roles__role=Role.WELFARE_PLANNER)
    if speciality:
        qs = qs.filter(roles__speciality=speciality)
    return list(qs.distinct().order_by("name", "pk"))


class PlannerPicker:
    """Assign planners of one dong and speciality to many households, spreading the rest evenly."""

    def __init__(self, dong_id: int, speciality: str):
        self.specialists = _planners(dong_id, speciality)
        self.pool = self.specialists or _planners(dong_id, None)
        by_pk = {p.pk: p for p in self.specialists}
        self.zone_planner: dict[int, StaffMember] = {}
        for zone_id, officer_id in Zone.objects.filter(dong_id=dong_id, officer_id__in=by_pk).values_list(
            "pk", "officer_id"
        ):
            self.zone_planner[zone_id] = by_pk[officer_id]
        self.load: dict[int, int] = defaultdict(int)

    def note(self, planner: StaffMember | None) -> None:
        """Count a target already assigned, so that "in turn" continues from the existing load."""
        if planner is not None:
            self.note_id(planner.pk)

    def note_id(self, planner_id: int) -> None:
        self.load[planner_id] += 1

    def pick(self, zone_id: int | None) -> StaffMember | None:
        planner = self.zone_planner.get(zone_id) if zone_id else None
        if planner is None and self.pool:
            planner = min(self.pool, key=lambda p: (self.load[p.pk], p.name, p.pk))
        self.note(planner)
        return planner


def planner_for(household_dong_id: int, zone_id: int | None, speciality: str) -> StaffMember | None:
    """One household: the zone's planner of the speciality, else the first of the dong's, else any planner."""
    return PlannerPicker(household_dong_id, speciality).pick(zone_id)
