"""Pages of the cohorts: the target list with its filters and the month's generation, a target with the
contact result and appointment forms (phone friendly), the printable 출산축하서신, the 돌봄위기가정
referral intake and the progress figures.

Thin: each page's door names its rule (`rules.py`), `selectors` read within scope, `generation`/`targets` write;
a refused action is `Forbidden` (403 page), a record out of scope `OutOfScope` (404), a service's ValidationError
a Korean message on the page. Every view of a target is written to the access log.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import OutOfScope
from chatdong.access.principal import Principal, principal_for
from chatdong.core.forms import form_errors
from chatdong.core.pagination import paginate
from chatdong.org.models import NeighbourhoodLeader
from chatdong.registry import finder
from chatdong.registry import rules as registry_rules
from chatdong.registry.models import Person

from . import generation, leader_view, letters, rules, selectors, targets
from .forms import AppointmentForm, CareReferralForm, ContactForm, GenerateForm, TargetFilterForm
from .programmes import CHECKLISTS, Programme, Source
from .selectors import TargetFilters
from .states import TargetStatus

ADULT_AGE = 18
PARENT_RELATIONS = (Person.Relation.HEAD, Person.Relation.SPOUSE)


@login_required
@door(rules.VIEW)
def target_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    dong_id = principal.leader.dong_id if principal.is_leader and principal.leader else principal.dong_id
    form = TargetFilterForm(request.GET or None, dong_id=dong_id, district_id=principal.district_id)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = TargetFilters(
        programme=data.get("programme", ""), month=data.get("month"), status=data.get("status", ""),
        planner_id=data["planner"].pk if data.get("planner") else None,
        zone_id=data["zone"].pk if data.get("zone") else None, mine=bool(data.get("mine")),
    )  # fmt: skip
    log.record(request, log.Action.SEARCH, object_type="target", detail=f"찾아가는 복지 대상자 목록 {filters}")
    if not rules.sees_reasons(principal):
        paged = paginate(request, selectors.target_list(principal, filters))
        rows = [leader_view.leader_target(t) for t in paged["page_obj"].object_list]  # type: ignore[attr-defined]
        return render(
            request, "outreach/cohorts/leader_target_list.html",
            {"filter_form": form, "errors": form_errors(form) if form.is_bound else [], "rows": rows, **paged},
        )  # fmt: skip
    can_generate = rules.GENERATE.allows(principal, principal.dong_id)
    return render(
        request,
        "outreach/cohorts/target_list.html",
        {"filter_form": form, "errors": form_errors(form) if form.is_bound else [],
         "generate_form": GenerateForm(prefix="generate") if can_generate else None,
         "programmes": Programme.choices, "current_programme": filters.programme,
         "can_refer": rules.REFER.allows(principal, principal.dong_id),
         **paginate(request, selectors.target_list(principal, filters))},
    )  # fmt: skip


@login_required
@require_POST
@door(rules.VIEW)
def cohort_generate(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = GenerateForm(request.POST, prefix="generate")
    if not form.is_valid():
        for message in form_errors(form):
            messages.error(request, message)
        return redirect("outreach:target_list")
    dong = rules.dong_to_generate(principal)
    programme, month = form.cleaned_data["programme"], form.cleaned_data["month"]
    try:
        run = generation.generate(request.user, principal, dong, programme, month)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("outreach:target_list")
    messages.success(
        request,
        f"{month:%Y년 %m월} {Programme(programme).label} 대상자 명단: 새 대상 {run.added}명"
        + (f", 이미 있던 대상 {run.already_listed}명" if run.already_listed else ""),
    )
    query = urlencode({"programme": programme, "month": f"{month:%Y-%m}"})
    return redirect(f"{reverse('outreach:target_list')}?{query}")


def _target(request: HttpRequest, principal: Principal, target_id: int):  # type: ignore[no-untyped-def]
    target = rules.get_target(principal, target_id)
    log.record(
        request, log.Action.VIEW, object_type="target", object_id=target.pk, household_id=target.household_id,
        detail=f"{target.get_programme_display()} 대상자: {target.person.name}",
    )  # fmt: skip
    return target


def _leaders(principal: Principal, target: Any) -> Any:
    """Staff may record the contact on behalf of one of the dong's tong leaders."""
    if principal.is_leader:
        return None
    return NeighbourhoodLeader.objects.filter(dong_id=target.dong_id).order_by("tong__number", "name")


@login_required
@door(rules.VIEW)
def target_detail(request: HttpRequest, target_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    target = _target(request, principal, target_id)
    return _render_detail(request, principal, target)


def _render_detail(
    request: HttpRequest,
    principal: Principal,
    target: Any,
    contact_form: ContactForm | None = None,
    appointment_form: AppointmentForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    can_work = rules.WORK.allows(principal, target)
    visitable = target.status != TargetStatus.VISITED
    forms_context = {
        "can_work": can_work and visitable, "errors": errors or [],
        "contact_form": contact_form or ContactForm(leaders=_leaders(principal, target)),
        "appointment_form": appointment_form or AppointmentForm(
            initial={"at": target.appointment_at} if target.appointment_at else None),
        "can_book": target.status in (TargetStatus.CONSENTED, TargetStatus.SCHEDULED),
        "status_value": target.status,
    }  # fmt: skip
    if not rules.sees_reasons(principal):
        return render(
            request, "outreach/cohorts/leader_target_detail.html",
            {"target": leader_view.leader_target(target), **forms_context}, status=400 if errors else 200,
        )  # fmt: skip
    return render(
        request,
        "outreach/cohorts/target_detail.html",
        {"target": target, **forms_context,
         "has_letter": target.source == Source.BIRTH_REGISTRATION and rules.LETTER.admits(principal),
         "visits": list(target.visits.select_related("visitor").order_by("-visited_on"))},
        status=400 if errors else 200,
    )  # fmt: skip


@login_required
@require_POST
@door(rules.VIEW)
def target_contact(request: HttpRequest, target_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    target = _target(request, principal, target_id)
    form = ContactForm(request.POST, leaders=_leaders(principal, target))
    if not form.is_valid():
        return _render_detail(request, principal, target, contact_form=form, errors=form_errors(form))
    data = form.cleaned_data
    try:
        targets.record_contact(
            request.user, principal, target, result=data["result"], contacted_on=data["contacted_on"],
            method=data["method"], leader=data.get("leader"), note=data["note"],
        )  # fmt: skip
    except ValidationError as exc:
        return _render_detail(request, principal, target, contact_form=form, errors=exc.messages)
    messages.success(request, f"연락 결과를 기록했습니다: {targets.RESULT_LABELS[data['result']]}")
    return redirect("outreach:target_detail", target.pk)


@login_required
@require_POST
@door(rules.VIEW)
def target_appointment(request: HttpRequest, target_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    target = _target(request, principal, target_id)
    form = AppointmentForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, principal, target, appointment_form=form, errors=form_errors(form))
    try:
        target = targets.book_appointment(request.user, principal, target, at=form.cleaned_data["at"])
    except ValidationError as exc:
        return _render_detail(request, principal, target, appointment_form=form, errors=exc.messages)
    messages.success(request, "방문 예약을 기록했습니다. 통·반장이 가구에 예약을 확인합니다.")
    return redirect("outreach:target_detail", target.pk)


@login_required
@door(rules.LETTER)  # it names the baby and its parents: staff only
def target_letter(request: HttpRequest, target_id: int) -> HttpResponse:
    """The printable 출산축하서신; POST records that it was printed."""
    principal = principal_for(request.user)
    target = _target(request, principal, target_id)
    if request.method == "POST":
        try:
            targets.mark_letter_printed(request.user, principal, target)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "출산축하서신 출력을 기록했습니다.")
        return redirect("outreach:target_detail", target.pk)
    return render(request, "outreach/cohorts/letter.html", {**_letter_context(target), "pdf": letters.pdf_available()})


def _letter_context(target: Any) -> dict[str, Any]:
    if target.source != Source.BIRTH_REGISTRATION:
        raise OutOfScope("target", target.pk)
    # Addressed to the parents: the head and spouse of the household, else its other adults.
    members = target.household.members.filter(moved_out_on__isnull=True, died_on__isnull=True).exclude(
        pk=target.person_id
    )
    adults = [p for p in members.order_by("pk") if p.age_on(target.person.birth_date) >= ADULT_AGE]
    parents = [p for p in adults if p.relation in PARENT_RELATIONS] or adults
    return {
        "target": target,
        "parents": [p.name for p in parents][:2],
        "services": [label for _code, label in CHECKLISTS[Programme.BIRTH_CHILDCARE]],
    }


@login_required
@door(rules.LETTER)
def target_letter_pdf(request: HttpRequest, target_id: int) -> HttpResponse:
    """The same letter as an A4 PDF (WeasyPrint), for the district's document exchange."""
    principal = principal_for(request.user)
    target = _target(request, principal, target_id)
    context = _letter_context(target)
    if not letters.pdf_available():
        raise OutOfScope("target", target.pk)
    response = HttpResponse(letters.letter_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{target.pk}.pdf"'
    return response


@login_required
@door(rules.REFER)
def care_referral_new(request: HttpRequest) -> HttpResponse:
    """돌봄위기가정 의뢰 접수: find the resident, then the referral."""
    principal = principal_for(request.user)
    rules.REFER.require(principal, principal.dong_id)
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id:
        query, households = finder.find_residents(request, principal, "돌봄위기가정 의뢰 대상 찾기")
        return render(request, "outreach/cohorts/care_referral.html", {"query": query, "households": households})
    person = registry_rules.get_person(principal, person_id)  # type: ignore[arg-type]
    form = CareReferralForm(request.POST or None, district_id=principal.district_id)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                target = targets.refer_care_crisis(
                    request.user, principal, person, agency=data["agency"], referred_on=data["referred_on"],
                    reason=data["reason"], consent_method=data["consent_method"],
                    pre_case_meeting_at=data.get("meeting_at"), place=data.get("place", ""),
                )  # fmt: skip
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, "돌봄위기가정 의뢰를 접수했습니다.")
                return redirect("outreach:target_detail", target.pk)
        else:
            errors = form_errors(form)
    log.record(
        request, log.Action.VIEW, object_type="person", object_id=person.pk, household_id=person.household_id,
        detail=f"돌봄위기가정 의뢰 작성: {person.name}",
    )  # fmt: skip
    return render(request, "outreach/cohorts/care_referral.html", {"person": person, "form": form, "errors": errors})
