"""A cohort target as a tong leader sees it: who, where, how to reach them, where the visit stands and which planner
comes. Not the birth date, the programme (빈곤위기가정 says why someone is listed), the reason or source of the
listing, staff notes, visits or the birth letter. Whether a viewer gets this view is `rules.sees_reasons`."""

import datetime as dt
from dataclasses import dataclass

from .models import Target


@dataclass(frozen=True)
class LeaderTarget:
    pk: int
    month: str
    dong: str
    zone: str | None
    person_id: int
    name: str
    address: str
    phone: str
    status: str
    status_label: str
    planner: str | None
    contacted_on: dt.date | None
    appointment_at: dt.datetime | None
    appointment_confirmed_on: dt.date | None


def leader_target(t: Target) -> LeaderTarget:
    """`t` with person, household, dong, zone and planner joined (as `selectors.target_list` and `get_target`)."""
    return LeaderTarget(
        pk=t.pk,
        month=f"{t.period_start:%Y-%m}",
        dong=t.dong.name,
        zone=str(t.zone) if t.zone_id else None,
        person_id=t.person_id,
        name=t.person.name,
        address=str(t.household),
        phone=t.person.phone or t.household.phone,
        status=t.status,
        status_label=t.get_status_display(),
        planner=t.planner.name if t.planner else None,
        contacted_on=t.contacted_on,
        appointment_at=t.appointment_at,
        appointment_confirmed_on=t.appointment_confirmed_on,
    )
