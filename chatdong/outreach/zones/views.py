"""The zone pages, where officers and tong leaders meet: the zones in scope, a zone's tongs, leaders, key places
and 1:1 matches, and each tong's contact card (연락망 카드)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import OutOfScope
from chatdong.access.principal import principal_for
from chatdong.org.models import NeighbourhoodLeader, Tong
from chatdong.outreach.leaders import checkins
from chatdong.outreach.leaders import rules as leader_rules
from chatdong.outreach.leaders.forms import MatchForm
from chatdong.outreach.officers import activities, findings
from chatdong.outreach.officers import rules as officer_rules
from chatdong.outreach.officers.forms import KeyPlaceForm
from chatdong.registry.models import Flag, Person


@login_required
@door(officer_rules.ZONES)
def zone_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    zones = officer_rules.zones_visible_to(principal).select_related("dong", "officer").prefetch_related("tongs")
    mine = {z.pk for z in officer_rules.my_zones(principal)}
    return render(
        request, "outreach/zones/zone_list.html", {"zones": zones.order_by("dong__code", "number"), "mine": mine}
    )


def _match_candidates(zone: Any, matches: list[checkins.Match]) -> list[Person]:
    """Elders living alone in the zone's tongs who have no 1:1 match yet (a zone has tens)."""
    matched = [m.assignment.matched_person_id for m in matches if m.assignment.matched_person_id]
    return list(
        Person.objects.filter(
            household__tong__zone=zone, moved_out_on__isnull=True, died_on__isnull=True,
            flags__kind=Flag.LIVING_ALONE_ELDER, flags__ended_on__isnull=True,
        )
        .exclude(pk__in=matched)
        .select_related("household__tong")
        .distinct()
        .order_by("name")[:200]
    )  # fmt: skip


@login_required
@door(officer_rules.ZONES)
def zone_detail(request: HttpRequest, zone_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    zone = officer_rules.get_zone(principal, zone_id)
    overview = activities.zone_overview(zone)
    can_record = officer_rules.RECORD_WALK.allows(principal, zone)
    today = timezone.localdate()
    matches = checkins.matches(zone, today)
    leaders = [leader for tong in overview.tongs for leader in tong.leaders.all()]
    context = {
        "zone": zone,
        "overview": overview,
        "can_record": can_record,
        "matches": matches,
        "overdue_matches": sum(1 for m in matches if m.overdue),
        "leaders": leaders,
        "place_form": KeyPlaceForm() if can_record else None,
        "match_form": MatchForm(leaders=leaders, people=_match_candidates(zone, matches))
        if leader_rules.MATCH.allows(principal, zone)
        else None,
        "today": today,
    }
    if matches:
        log.record(request, log.Action.VIEW, object_type="zone", object_id=zone.pk, detail=f"{zone} 1:1 결연 목록")
    return render(request, "outreach/zones/zone_detail.html", context)


@login_required
@door(officer_rules.ZONES)
def contact_card(request: HttpRequest, tong_id: int) -> HttpResponse:
    """우리동네주무관–복지통장 연락망 카드, one tong, to print and hand out."""
    principal = principal_for(request.user)
    tong = Tong.objects.filter(zone__in=officer_rules.zones_visible_to(principal)).select_related(
        "zone__officer", "dong"
    )
    found = tong.filter(pk=tong_id).first()
    if found is None:
        raise OutOfScope("tong", tong_id)
    zone = found.zone
    assert zone is not None
    planner = findings.zone_poverty_planner(found.dong_id, zone.pk)
    leaders = list(NeighbourhoodLeader.objects.filter(tong=found).order_by("kind", "name"))
    return render(
        request,
        "outreach/zones/contact_card.html",
        {"tong": found, "zone": zone, "leaders": leaders, "officer": zone.officer, "planner": planner},
    )
