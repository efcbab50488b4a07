"""The tong leader's phone page (복지 통·반장): their own households only — check-ins, crises, visit
appointments. Staff of the leader's dong open the same pages with `?leader=<id>` to record on their behalf.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal, principal_for
from chatdong.core.forms import flash_errors, form_errors
from chatdong.core.pagination import paginate
from chatdong.org.models import NeighbourhoodLeader
from chatdong.outreach.officers import rules as officer_rules
from chatdong.registry import rules as registry_rules
from chatdong.registry.models import Household

from . import checkins, rules
from .forms import CheckInForm, CrisisForm, MatchForm


def _leader(request: HttpRequest) -> tuple[Principal, NeighbourhoodLeader]:
    principal = principal_for(request.user)
    leader = rules.acting_leader(principal, request.GET.get("leader") or request.POST.get("leader"))
    return principal, leader


def _home(leader: NeighbourhoodLeader, principal: Principal) -> str:
    url = reverse("outreach:leader_home")
    return url if principal.is_leader else f"{url}?leader={leader.pk}"


@login_required
@door(rules.PAGES)
def leader_home(request: HttpRequest) -> HttpResponse:
    principal, leader = _leader(request)
    today = timezone.localdate()
    # A tong leader may look after a hundred households: a page at a time, like every list.
    paging = paginate(request, checkins.assignments_of(leader, today))
    rows = []
    for a in paging["page_obj"].object_list:  # type: ignore[attr-defined]
        due = None
        if a.check_in_every_days:
            due = (a.last_check_in or a.started_on) + dt.timedelta(days=a.check_in_every_days)  # type: ignore[attr-defined]
        rows.append({"assignment": a, "due": due, "overdue": due is not None and due < today})
    appointments = list(checkins.appointments_to_confirm(leader, today))
    log.record(
        request, log.Action.VIEW, object_type="leader", object_id=leader.pk,
        detail=f"통·반장 담당 가구 {len(rows)}곳 보기" + ("" if principal.is_leader else " (직원 대리 기록)"),
    )  # fmt: skip
    return render(
        request,
        "outreach/leaders/home.html",
        {
            "leader": leader,
            "rows": rows,
            "appointments": appointments,
            "on_behalf": not principal.is_leader,
            **paging,
        },
    )


def _household(principal: Principal, leader: NeighbourhoodLeader, household_id: int) -> Household:
    household = registry_rules.get_household(principal, household_id)
    checkins.assignment_for(leader, household)
    return household


def _household_page(
    request: HttpRequest,
    household_id: int,
    form_class: type[forms.Form],
    template: str,
    act: Callable[[Principal, NeighbourhoodLeader, Household, dict[str, Any]], str],
) -> HttpResponse:
    """A form about one of the leader's households: on success `act` records it and says what happened."""
    principal, leader = _leader(request)
    household = _household(principal, leader, household_id)
    form = form_class(request.POST or None)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                text = act(principal, leader, household, form.cleaned_data)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, text)
                return redirect(_home(leader, principal))
        else:
            errors = form_errors(form)
    log.record(
        request, log.Action.VIEW, object_type="household", object_id=household.pk, household_id=household.pk,
        detail=f"통·반장 {leader.name}: {template.rsplit('/', 1)[-1]}",
    )  # fmt: skip
    return render(
        request, template,
        {"leader": leader, "household": household, "head": checkins.head_of(household), "form": form,
         "errors": errors, "on_behalf": not principal.is_leader},
    )  # fmt: skip


@login_required
@door(rules.PAGES)
def check_in(request: HttpRequest, household_id: int) -> HttpResponse:
    def act(principal: Principal, leader: NeighbourhoodLeader, household: Household, data: dict) -> str:  # type: ignore[type-arg]
        done = checkins.record_check_in(request.user, principal, leader, household, **data)
        text = "안부확인을 기록했습니다."
        return text + (" 위기 상황은 담당 복지플래너에게 바로 전달했습니다." if done.finding_id else "")

    return _household_page(request, household_id, CheckInForm, "outreach/leaders/check_in.html", act)


@login_required
@door(rules.PAGES)
def crisis(request: HttpRequest, household_id: int) -> HttpResponse:
    def act(principal: Principal, leader: NeighbourhoodLeader, household: Household, data: dict) -> str:  # type: ignore[type-arg]
        finding = checkins.report_crisis(request.user, principal, leader, household, description=data["description"])
        return f"{finding.routed_to.name} 복지플래너에게 전달했습니다. 처리되면 알려 드립니다."

    return _household_page(request, household_id, CrisisForm, "outreach/leaders/crisis.html", act)


@login_required
@require_POST
@door(rules.PAGES)
def confirm_appointment(request: HttpRequest, target_id: int) -> HttpResponse:
    principal, leader = _leader(request)
    target = checkins.appointments_to_confirm(leader).filter(pk=target_id).first()
    if target is None:
        raise OutOfScope("target", target_id)
    try:
        checkins.confirm_appointment(request.user, principal, leader, target)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, f"{target.person.name}님 방문 예약을 확인했습니다. 복지플래너에게 알렸습니다.")
    return redirect(_home(leader, principal))


@login_required
@require_POST
@door(officer_rules.ZONES)
def match(request: HttpRequest, zone_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    zone = officer_rules.get_zone(principal, zone_id)
    leader = rules.get_leader(principal, request.POST.get("leader") or 0)  # type: ignore[arg-type]
    person = registry_rules.get_person(principal, request.POST.get("person") or 0)  # type: ignore[arg-type]
    form = MatchForm(request.POST, leaders=[leader], people=[person])
    if not form.is_valid():
        flash_errors(request, form_errors(form))
        return redirect("outreach:zone_detail", zone.pk)
    try:
        checkins.match(request.user, principal, leader, person, every_days=form.cleaned_data["every_days"])
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, f"{leader.name} 통·반장과 {person.name}님을 1:1 결연했습니다.")
    return redirect("outreach:zone_detail", zone.pk)
