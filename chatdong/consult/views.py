"""Pages of the consultation desk: new consultation (find the resident or register them), consultation
record, consultation list, referral status list and record with its status changes, the desk roster.

Thin: `selectors` read within scope, `services` write; a refused action is `Forbidden` (403 page), a
record out of scope `OutOfScope` (404), a service's ValidationError a Korean message on the page.
Every view of a consultation or referral is written to the access log.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import OutOfScope, require
from chatdong.access.principal import Principal, principal_for
from chatdong.access.scopes import dong_in_scope
from chatdong.core.dates import parse_date, parse_month
from chatdong.core.forms import form_errors
from chatdong.core.pagination import paginate
from chatdong.org.models import Dong, StaffMember
from chatdong.registry import finder
from chatdong.registry import rules as registry_rules
from chatdong.registry.forms import HouseholdForm, to_household_input

from . import rules, screening, selectors, services, states
from .forms import (
    CompleteForm,
    ConsultationFilterForm,
    ConsultationForm,
    NewMemberFormSet,
    ReferralFilterForm,
    ReferralForm,
    ReturnForm,
    RosterForm,
    SubjectForm,
    TellForm,
)
from .models import DeskShift, Referral, SuicideRisk

RECENT_LIMIT = 5


def _principal(request: HttpRequest) -> Principal:
    """Desk pages list people: statistics roles get 403, leaders (who are not staff) too."""
    return principal_for(request.user)  # past the door: dong staff and 희망복지지원단 only


_errors = form_errors


def case_url(case_id: int | None) -> str:
    """The case page, once the case pages exist; the consultation page links to it."""
    if not case_id:
        return ""
    try:
        return reverse("cases:case_detail", args=[case_id])
    except NoReverseMatch:
        return ""


# --- New consultation ------------------------------------------------------------------------------


@login_required
@door(rules.VIEW)
def consultation_new(request: HttpRequest) -> HttpResponse:
    """Step 1 without `person`: find the resident. Step 2 with `person`: the consultation form."""
    principal = _principal(request)
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id:
        return _resident_search(request, principal)
    person = registry_rules.get_person(principal, person_id)  # type: ignore[arg-type]
    household = person.household
    registry_rules.require_edit_household(principal, household)
    form = ConsultationForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                consultation = services.record_consultation(request.user, principal, person, **form.service_kwargs())
            except ValidationError as exc:
                errors = exc.messages
            else:
                _after_recording(request, consultation)
                return redirect("consult:consultation_detail", consultation.pk)
        else:
            errors = _errors(form)
    log.record(
        request, log.Action.VIEW, object_type="person", object_id=person.pk, household_id=household.pk,
        detail=f"종합상담 작성: {person.name}",
    )  # fmt: skip
    recent = list(
        rules.consultations_visible_to(principal)
        .filter(household=household)
        .select_related("person", "officer")
        .order_by("-occurred_on", "-id")[:RECENT_LIMIT]
    )
    return render(
        request,
        "consult/consultation_form.html",
        {"form": form, "person": person, "household": household, "errors": errors, "recent": recent,
         "questions": screening.QUESTIONS},
    )  # fmt: skip


def _resident_search(request: HttpRequest, principal: Principal) -> HttpResponse:
    query, households = finder.find_residents(request, principal, "종합상담 주민 찾기")
    return render(
        request,
        "consult/resident_search.html",
        {"query": query, "households": households, "limit": finder.SEARCH_LIMIT},
    )


def _after_recording(request: HttpRequest, consultation: Any) -> None:
    messages.success(request, "종합상담을 기록했습니다.")
    if consultation.suicide_risk == SuicideRisk.HIGH:
        if consultation.referrals.exists():
            messages.error(
                request,
                "자살위험 ‘높음’: 자살예방센터(또는 정신건강증진센터)에 긴급 의뢰하고 복지수퍼바이저에게 알렸습니다. "
                "오늘 중 센터와 통화해 연계를 확인하세요.",
            )
        else:
            messages.error(
                request,
                "자살위험 ‘높음’: 기관 목록에 자살예방센터·정신건강증진센터가 없어 긴급 의뢰를 만들지 못했습니다. "
                "센터에 직접 연락하고 의뢰를 기록하세요. 복지수퍼바이저에게는 알렸습니다.",
            )


@login_required
@door(rules.VIEW)
def consultation_register(request: HttpRequest) -> HttpResponse:
    """A resident not in the registry: the household, its members and the consultation on one page."""
    principal = _principal(request)
    dongs = Dong.objects.filter(pk=principal.dong_id or 0) if principal.is_dong_staff else Dong.objects.all()
    if principal.is_district_case_staff and not principal.is_superuser:
        dongs = Dong.objects.filter(district_id=principal.district_id or 0)
    household_form = HouseholdForm(request.POST or None, dongs=dongs)
    formset = NewMemberFormSet(request.POST or None, prefix="members")
    subject_form = SubjectForm(request.POST or None)
    form = ConsultationForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST":
        forms_valid = [f.is_valid() for f in (household_form, formset, subject_form, form)]
        if all(forms_valid):
            try:
                consultation = services.record_consultation_for_new_household(
                    request.user, principal, to_household_input(household_form, formset),
                    subject_index=subject_form.cleaned_data["subject"] - 1, **form.service_kwargs(),
                )  # fmt: skip
            except ValidationError as exc:
                errors = exc.messages
            else:
                _after_recording(request, consultation)
                return redirect("consult:consultation_detail", consultation.pk)
        else:
            errors = [*_errors(household_form), *_errors(subject_form), *_errors(form)]
            errors += [str(e) for e in formset.non_form_errors()]
    return render(
        request,
        "consult/consultation_register.html",
        {"household_form": household_form, "formset": formset, "subject_form": subject_form, "form": form,
         "errors": errors, "questions": screening.QUESTIONS},
    )  # fmt: skip


# --- Consultation record and list ------------------------------------------------------------------


@login_required
@door(rules.VIEW)
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    principal = _principal(request)
    consultation = rules.get_consultation(principal, consultation_id)
    screening_visible = rules.can_see_screening(principal, consultation)
    sensitive = consultation.suicide_risk == SuicideRisk.HIGH
    # A screening result is health information (민감정보) whatever its level.
    showed_screening = consultation.screening_score is not None and screening_visible
    log.record(
        request,
        log.Action.VIEW_SENSITIVE if showed_screening else log.Action.VIEW,
        object_type="consultation",
        object_id=consultation.pk,
        household_id=consultation.household_id,
        detail=consultation.person.name,
    )
    can_edit = registry_rules.can_edit_household(principal, consultation.household)
    return render(
        request,
        "consult/consultation_detail.html",
        {
            "c": consultation,
            "needs": list(consultation.needs.all()),
            "information": list(consultation.information.all()),
            "referrals": selectors.referrals_of_consultation(principal, consultation),
            "screening_visible": screening_visible,
            "sensitive": sensitive,
            "yes_answers": screening.question_texts(consultation.screening_answers) if screening_visible else [],
            "max_score": screening.MAX_SCORE,
            "can_edit": can_edit,
            "case_url": case_url(consultation.case_id),
        },
    )


@login_required
@require_POST
@door(rules.VIEW)
def consultation_open_case(request: HttpRequest, consultation_id: int) -> HttpResponse:
    principal = _principal(request)
    consultation = rules.get_consultation(principal, consultation_id)
    try:
        case = services.open_case_from_consultation(request.user, principal, consultation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"사례 #{case.pk}을(를) 접수했습니다. 주 사례관리자: {case.worker.name}")
        url = case_url(case.pk)
        if url:
            return redirect(url)
    return redirect("consult:consultation_detail", consultation.pk)


def _date(value: str | None) -> dt.date | None:
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


@login_required
@door(rules.VIEW)
def consultation_list(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    officers = StaffMember.objects.filter(consultations__in=rules.consultations_visible_to(principal)).distinct()
    filter_form = ConsultationFilterForm(request.GET or None, officers=officers.order_by("name"))
    f = selectors.ConsultationFilter()
    if filter_form.is_bound and filter_form.is_valid():
        data = filter_form.cleaned_data
        f = selectors.ConsultationFilter(
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            officer_id=data["officer"].pk if data.get("officer") else None, channel=data.get("channel", ""),
            risk=data.get("risk", ""),
        )  # fmt: skip
    context = paginate(request, selectors.consultation_list(principal, f))
    log.record(request, log.Action.SEARCH, object_type="consultation", detail=f"상담 목록 {_described(filter_form)}")
    context.update({"filter_form": filter_form, "filter_errors": _errors(filter_form) if filter_form.is_bound else []})
    return render(request, "consult/consultation_list.html", context)


def _described(form: Any) -> str:
    if not form.is_bound or not form.is_valid():
        return "(전체)"
    shown = [f"{form.fields[k].label}={v}" for k, v in form.cleaned_data.items() if v not in (None, "", False)]
    return " · ".join(shown) or "(전체)"


# --- Referrals -------------------------------------------------------------------------------------


@login_required
@door(rules.VIEW)
def referral_new(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """Refer the consultation's resident, internally or to an agency."""
    principal = _principal(request)
    consultation = rules.get_consultation(principal, consultation_id)
    household = consultation.household
    registry_rules.require_edit_household(principal, household)
    supervisor = rules.is_dong_supervisor(principal, household.dong_id)
    planner = services.poverty_crisis_planner(household)
    initial = {"to_staff": planner.pk} if planner and planner.pk != getattr(principal.staff, "pk", None) else {}
    form = ReferralForm(household, request.POST or None, supervisor=supervisor, initial=initial)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                referral = services.refer(
                    request.user, principal, consultation.person, consultation=consultation, case=consultation.case,
                    **form.service_kwargs(),
                )  # fmt: skip
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, "의뢰했습니다.")
                return redirect("consult:referral_detail", referral.pk)
        else:
            errors = _errors(form)
    return render(
        request,
        "consult/referral_form.html",
        {"form": form, "c": consultation, "errors": errors, "planner": planner, "supervisor": supervisor},
    )


@login_required
@door(rules.VIEW)
def referral_list(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    filter_form = ReferralFilterForm(request.GET or None)
    f = selectors.ReferralFilter()
    if filter_form.is_bound and filter_form.is_valid():
        data = filter_form.cleaned_data
        f = selectors.ReferralFilter(status=data["status"], box=data["box"], overdue=data["overdue"])
    context = paginate(request, selectors.referral_list(principal, f))
    log.record(request, log.Action.SEARCH, object_type="referral", detail=f"의뢰 현황 {_described(filter_form)}")
    context.update({"filter_form": filter_form, "counts": selectors.referral_counts(principal)})
    return render(request, "consult/referral_list.html", context)


@login_required
@door(rules.VIEW)
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    principal = _principal(request)
    referral = selectors.get_referral(principal, referral_id)
    log.record(
        request, log.Action.VIEW, object_type="referral", object_id=referral.pk, household_id=referral.household_id,
        detail=referral.person.name,
    )  # fmt: skip
    return render(request, "consult/referral_detail.html", _referral_context(principal, referral))


def _referral_context(principal: Principal, referral: Referral, **forms: Any) -> dict[str, Any]:
    can_act = rules.can_act(principal, referral)
    actions = states.allowed_actions(referral.status) if can_act else []
    tellable = (
        rules.can_tell_resident(principal, referral)
        and referral.status in states.CLOSED_STATUSES
        and not referral.resident_told_on
    )
    return {
        "r": referral,
        "events": list(referral.events.select_related("actor")),
        "overdue": referral.status in states.OPEN_STATUSES and referral.due_on < dt.date.today(),
        "actions": actions,
        "complete_form": forms.get("complete") or (CompleteForm() if states.Action.COMPLETE in actions else None),
        "return_form": forms.get("return") or (ReturnForm() if states.Action.RETURN in actions else None),
        "tell_form": forms.get("tell") or (TellForm() if tellable else None),
        "can_confirm": (
            rules.is_dong_supervisor(principal, referral.dong_id)
            and bool(referral.legal_exception)
            and referral.exception_recorded_by_id is None
        ),
        "exception_pending": bool(referral.legal_exception) and referral.exception_recorded_by_id is None,
    }


REFERRAL_ACTIONS = {"receive", "start", "complete", "return", "tell", "confirm-exception"}


@login_required
@require_POST
@door(rules.VIEW)
def referral_action(request: HttpRequest, referral_id: int, action: str) -> HttpResponse:
    principal = _principal(request)
    referral = selectors.get_referral(principal, referral_id)
    if action not in REFERRAL_ACTIONS:
        raise OutOfScope("referral_action", action)
    user = request.user
    try:
        if action == "receive":
            services.receive(user, principal, referral)
        elif action == "start":
            services.start(user, principal, referral)
        elif action == "complete":
            form: Any = CompleteForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_errors(form))
            services.complete(user, principal, referral, form.cleaned_data["result"])
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_errors(form))
            services.return_(user, principal, referral, form.cleaned_data["reason"])
        elif action == "tell":
            form = TellForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_errors(form))
            services.tell_resident(
                user, principal, referral, told_on=form.cleaned_data["told_on"], method=form.cleaned_data["method"]
            )
        else:
            services.confirm_exception(user, principal, referral)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "의뢰 상태를 기록했습니다.")
    return redirect("consult:referral_detail", referral.pk)


# --- Desk roster -----------------------------------------------------------------------------------


def _month(value: str | None, today: dt.date) -> tuple[int, int]:
    try:
        first = parse_month(value or "")
    except ValueError:
        return today.year, today.month
    return first.year, first.month


@login_required
@door(rules.VIEW)
def roster(request: HttpRequest) -> HttpResponse:
    """상담창구 근무표 for a month; the dong head or supervisor edits it."""
    principal = _principal(request)
    dong = dong_in_scope(request, principal)
    today = dt.date.today()
    year, month = _month(request.GET.get("month") or request.POST.get("month"), today)
    can_edit = rules.can_edit_roster(principal, dong.pk)
    first = dt.date(year, month, 1)
    form = RosterForm(dong, request.POST or None, initial={"date_from": first, "date_to": _month_end(first)})
    errors: list[str] = []
    if request.method == "POST":
        require(can_edit, "상담창구 근무표는 동장이나 복지수퍼바이저가 정합니다.")
        if form.is_valid():
            try:
                shifts = services.set_roster(
                    request.user, principal, dong, days=form.days(), staff=form.cleaned_data["staff"],
                    mode=form.cleaned_data["mode"],
                )  # fmt: skip
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"근무표에 {len(shifts)}일을 기록했습니다.")
                return redirect(f"{reverse('consult:roster')}?month={year}-{month:02d}&dong={dong.pk}")
        else:
            errors = _errors(form)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = _month_end(first) + dt.timedelta(days=1)
    return render(
        request,
        "consult/roster.html",
        {
            "dong": dong,
            "days": selectors.desk_month(dong.pk, year, month),
            "first": first,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "today": today,
            "can_edit": can_edit,
            "form": form if can_edit else None,
            "errors": errors,
            "dongs": [] if principal.is_dong_staff else list(Dong.objects.filter(district_id=dong.district_id)),
        },
    )


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@login_required
@require_POST
@door(rules.VIEW)
def roster_remove(request: HttpRequest, shift_id: int) -> HttpResponse:
    principal = _principal(request)
    shift = DeskShift.objects.select_related("dong").filter(pk=shift_id).first()
    if shift is None or not rules.can_edit_roster(principal, shift.dong_id):
        # Someone who may not edit this dong's roster learns nothing about it.
        raise OutOfScope("desk_shift", shift_id)
    day, dong_id = shift.day, shift.dong_id
    services.remove_shift(request.user, principal, shift)
    messages.success(request, "근무를 지웠습니다.")
    return redirect(f"{reverse('consult:roster')}?month={day:%Y-%m}&dong={dong_id}")
