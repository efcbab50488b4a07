"""Pages of home visits and monitoring: record a visit (방문상담기록지) on a phone, the visit record, the visit
list; my watched households, a watched household with its contacts, tier and end; the dong's cadence.

Thin: each page's door names its rule (`rules.py`), `selectors` and the rules decide what is seen, `services` and
`monitoring` write. Every look at a visit or a watched household is written to the access log; screenings and
abuse signs as 민감정보 열람.
"""

from typing import Any

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
from chatdong.access.scopes import dong_in_scope
from chatdong.core.forms import form_errors
from chatdong.core.links import case_url
from chatdong.core.pagination import paginate
from chatdong.outreach.cohorts import rules as cohort_rules
from chatdong.outreach.cohorts.models import Target
from chatdong.registry import rules as registry_rules

from . import monitoring, rules, screenings, selectors, services
from .forms import CadenceForm, ContactForm, EndWatchForm, TierForm, VisitFilterForm, VisitForm, WatchFilterForm
from .models import Visit
from .states import Tier

# --- Visits ----------------------------------------------------------------------------------------


@login_required
@door(rules.VIEW)
def visit_new(request: HttpRequest) -> HttpResponse:
    """The visit form for a cohort target (?target=) or for any resident in scope (?person=)."""
    principal = principal_for(request.user)
    target: Target | None = None
    target_id = request.GET.get("target") or request.POST.get("target")
    if target_id:
        target = cohort_rules.get_target(principal, target_id)  # type: ignore[arg-type]
        person = target.person
    else:
        person = registry_rules.get_person(principal, request.GET.get("person") or request.POST.get("person"))  # type: ignore[arg-type]
    household = person.household
    registry_rules.require_edit_household(principal, household)
    programme = target.programme if target else None
    form = VisitForm(household, programme, request.POST or None)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                visit = services.record_visit(request.user, principal, person, form.to_input(), target=target)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _recorded_message(visit))
                return redirect("outreach:visit_detail", visit.pk)
        else:
            errors = form_errors(form)
    log.record(
        request, log.Action.VIEW, object_type="person", object_id=person.pk, household_id=household.pk,
        detail=f"방문상담 작성: {person.name}",
    )  # fmt: skip
    return render(
        request,
        "outreach/visits/visit_form.html",
        {"form": form, "person": person, "household": household, "target": target, "errors": errors,
         "visitable": target is None or target.status in services.VISITABLE},
    )  # fmt: skip


def _recorded_message(visit: Visit) -> str:
    parts = ["방문상담을 기록했습니다."]
    if visit.case_id:
        parts.append(f"사례 #{visit.case_id}을(를) 접수했습니다.")
    if visit.abuse_sign:
        parts.append("학대·폭력 징후와 112 신고일을 가구 표시에 남겼습니다.")
    return " ".join(parts)


@login_required
@door(rules.VIEW)
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    detail = selectors.visit_detail(principal, visit_id)
    visit = detail.visit
    log.record(
        request, log.Action.VIEW_SENSITIVE if detail.shows_sensitive else log.Action.VIEW, object_type="visit",
        object_id=visit.pk, household_id=visit.household_id, detail=visit.person.name,
    )  # fmt: skip
    labels = dict(services.checklist(visit.target.programme if visit.target else None))
    return render(
        request,
        "outreach/visits/visit_detail.html",
        {
            "d": detail,
            "v": visit,
            "services": [labels.get(code, code) for code in visit.services_explained],
            "screenings": [
                (s, screenings.INSTRUMENTS[s.kind].name, screenings.describe(s.kind, s.score, s.positive))
                for s in detail.screenings
            ],
            "can_open_case": (
                visit.outcome == Visit.Outcome.MANAGED
                and not visit.case_id
                and registry_rules.can_edit_household(principal, visit.household)
            ),
            "case_url": case_url(visit.case_id) if visit.case_id else "",
        },
    )


@login_required
@require_POST
@door(rules.VIEW)
def visit_open_case(request: HttpRequest, visit_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    visit = rules.get_visit(principal, visit_id)
    try:
        case = services.open_case_from_visit(request.user, principal, visit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outreach:visit_detail", visit.pk)
    messages.success(request, f"사례 #{case.pk}을(를) 접수했습니다. 주 사례관리자: {case.worker.name}")
    return redirect(case_url(case.pk))


@login_required
@door(rules.VIEW)
def visit_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = VisitFilterForm(request.GET or None)
    f = selectors.VisitFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        f = selectors.VisitFilter(
            month=data.get("month"), team=data.get("team", ""), outcome=data.get("outcome", ""),
            mine=bool(data.get("mine")),
        )  # fmt: skip
    context = paginate(request, selectors.visit_list(principal, f))
    log.record(request, log.Action.SEARCH, object_type="visit", detail="방문상담 목록")
    context.update({"filter_form": form, "filter_errors": form_errors(form) if form.is_bound else []})
    return render(request, "outreach/visits/visit_list.html", context)


# --- Monitoring ------------------------------------------------------------------------------------


@login_required
@door(rules.WATCHES)
def watch_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = WatchFilterForm(request.GET or None)
    f = selectors.WatchFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        f = selectors.WatchFilter(
            mine=data.get("scope") != "dong", due=data.get("due", ""), tier=data.get("tier", ""),
            programme=data.get("programme", ""),
        )  # fmt: skip
    today = timezone.localdate()
    context = paginate(request, selectors.watch_list(principal, f, today))
    log.record(request, log.Action.SEARCH, object_type="watch", detail="모니터링 가구 목록")
    context.update({"filter_form": form, "today": today, "mine": f.mine})
    return render(request, "outreach/visits/watch_list.html", context)


def _watch_page(request: HttpRequest, principal: Principal, watch_id: int, **forms: Any) -> HttpResponse:
    watch = rules.get_watch(principal, watch_id)
    log.record(
        request, log.Action.VIEW, object_type="watch", object_id=watch.pk, household_id=watch.household_id,
        detail=f"모니터링 가구 {watch.household.road_address}",
    )  # fmt: skip
    open_watch = watch.ended_on is None
    can_tier = open_watch and rules.WATCH_TIER.allows(principal, watch)
    can_end = open_watch and rules.WATCH_END.allows(principal, watch)
    members = list(watch.household.members.filter(moved_out_on__isnull=True, died_on__isnull=True).order_by("pk"))
    return render(
        request,
        "outreach/visits/watch_detail.html",
        {
            "w": watch,
            "members": members,
            "contacts": selectors.watch_contacts(watch),
            "today": timezone.localdate(),
            "can_contact": open_watch and registry_rules.can_edit_household(principal, watch.household),
            "contact_form": forms.get("contact") or ContactForm(),
            "tier_form": forms.get("tier")
            or (TierForm(watch.dong_id, initial={"tier": watch.tier}) if can_tier else None),
            "end_form": forms.get("end") or (EndWatchForm() if can_end else None),
            "errors": forms.get("errors", []),
            "visit_url": reverse("outreach:visit_new") + f"?person={members[0].pk}" if members else "",
        },
    )


@login_required
@door(rules.WATCHES)
def watch_detail(request: HttpRequest, watch_id: int) -> HttpResponse:
    return _watch_page(request, principal_for(request.user), watch_id)


WATCH_ACTIONS = {"contact", "tier", "end"}


@login_required
@require_POST
@door(rules.WATCHES)
def watch_action(request: HttpRequest, watch_id: int, action: str) -> HttpResponse:
    principal = principal_for(request.user)
    watch = rules.get_watch(principal, watch_id)
    if action not in WATCH_ACTIONS:
        raise OutOfScope("watch_action", action)
    form: Any
    if action == "contact":
        form = ContactForm(request.POST)
    elif action == "tier":
        form = TierForm(watch.dong_id, request.POST)
    else:
        form = EndWatchForm(request.POST)
    errors = form_errors(form) if not form.is_valid() else []
    if not errors:
        data = form.cleaned_data
        try:
            if action == "contact":
                monitoring.record_watch_contact(
                    request.user, principal, watch, contacted_on=data["contacted_on"], method=data["method"],
                    note=data.get("note", ""),
                )  # fmt: skip
                done = "접촉을 기록했습니다. 다음 점검 예정일을 다시 정했습니다."
            elif action == "tier":
                monitoring.set_tier(request.user, principal, watch, data["tier"], data.get("planner"))
                done = "관리 등급을 바꿨습니다."
            else:
                monitoring.stop_watch(request.user, principal, watch, data["ended_on"], data["reason"])
                done = "모니터링을 종료했습니다."
        except ValidationError as exc:
            errors = exc.messages
    if errors:
        return _watch_page(request, principal, watch_id, errors=errors, **{action: form})
    messages.success(request, done)
    return redirect("outreach:watch_detail", watch.pk)


@login_required
@door(rules.WATCHES)
def cadence_settings(request: HttpRequest) -> HttpResponse:
    """The dong's monitoring intervals per tier; the dong's welfare supervisor changes them."""
    principal = principal_for(request.user)
    dong = dong_in_scope(request, principal)
    can_edit = rules.CADENCE.allows(principal, dong.pk)
    form = CadenceForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST":
        rules.CADENCE.require(principal, dong.pk)
        if form.is_valid():
            try:
                moved = monitoring.set_cadence(
                    request.user, principal, dong, form.cleaned_data["tier"], form.cleaned_data["days"]
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request, f"점검 주기를 바꿨습니다. 모니터링 가구 {moved}곳의 다음 점검 예정일이 바뀌었습니다."
                )
                return redirect(f"{reverse('outreach:cadence')}?dong={dong.pk}")
        else:
            errors = form_errors(form)
    return render(
        request,
        "outreach/visits/cadence.html",
        {"dong": dong, "rows": monitoring.cadence_table(dong.pk), "form": form if can_edit else None,
         "errors": errors, "tiers": Tier, "minimum": monitoring.MIN_INTERVAL_DAYS,
         "maximum": monitoring.MAX_INTERVAL_DAYS},
    )  # fmt: skip
