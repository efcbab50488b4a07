"""Household search, household and person records, registering a household, consent."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import OutOfScope
from chatdong.access.models import AuditEntry
from chatdong.access.principal import Principal, principal_for
from chatdong.core.forms import form_errors
from chatdong.core.pagination import paginate
from chatdong.org.models import Dong

from . import consents, contact_view, emergency, household_page, rules, selectors, services
from .forms import OFFERED, RECORD_FORMS, ConsentForm, HouseholdForm, MemberFormSet, to_household_input
from .models import Consent, Household, LeaderAssignment, MoveRecord, Person, StaffAssignment

HISTORY_LIMIT = 30


def _dongs_for(principal: Principal):  # type: ignore[no-untyped-def]
    if principal.is_dong_staff:
        return Dong.objects.filter(pk=principal.dong_id or 0)
    return Dong.objects.all()


@login_required
@door(rules.VIEW)
def household_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    query = request.GET.get("q", "").strip()[:100]
    try:
        dong_id = int(request.GET.get("dong") or 0) or None
    except ValueError:
        dong_id = None
    households = selectors.search_households(principal, query, dong_id)
    context = paginate(request, households)
    full = rules.sees_full_record(principal)
    if not full:
        context["rows"] = contact_view.contact_rows(list(context["page_obj"].object_list))  # type: ignore[attr-defined]
    if query:
        # A refused search (a leader typing a birth date) is logged too: the attempt is what an auditor looks for.
        log.record(
            request, log.Action.SEARCH, object_type="household", detail=f"검색어: {selectors.loggable_query(query)}"
        )
    context.update(
        {
            "query": query,
            "dong_id": dong_id,
            "dongs": [] if principal.is_dong_staff or principal.is_leader else list(_dongs_for(principal)),
            "can_create": rules.CREATE.admits(principal),
            "full": full,
            "refusal": selectors.search_refusal(principal, query),
            "search_forms": contact_view.SEARCH_FORMS,
        }
    )
    rows = "registry/_household_rows.html" if full else "registry/_household_contact_rows.html"
    context["rows_template"] = rows
    template = rows if request.headers.get("HX-Request") else "registry/household_list.html"
    return render(request, template, context)


@login_required
@door(rules.VIEW, not_found="household")
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    household = rules.get_household(principal, household_id)
    full = rules.sees_full_record(principal)
    members = selectors.household_members(household, with_records=full)
    if not full:
        return _contact_page(request, household, members)
    context: dict[str, object] = {"household": household, "members": members, "full": full}
    showed_sensitive = False
    if full:
        sensitive_allowed = rules.can_see_sensitive(principal, household)
        for member in members:
            flags = list(member.flags.all())
            member.visible_flags = [f for f in flags if sensitive_allowed or not f.is_sensitive]  # type: ignore[attr-defined]
            showed_sensitive = showed_sensitive or any(f.is_sensitive for f in member.visible_flags)  # type: ignore[attr-defined]
        today = dt.date.today()
        current = sorted((m for m in members if m.is_current_member), key=lambda m: m.pk)
        context.update(
            {
                "contacts": list(household.contacts.all()),
                "moves": list(MoveRecord.objects.filter(household=household).select_related("person")[:HISTORY_LIMIT]),
                "history": list(AuditEntry.objects.filter(household_id=household.pk)[:HISTORY_LIMIT]),
                "consents": list(
                    Consent.objects.filter(person__household=household)
                    .select_related("person")
                    .prefetch_related("agencies")
                ),
                "staff_assignments": list(
                    StaffAssignment.objects.filter(household=household, ended_on__isnull=True).select_related("staff")
                ),
                "leader_assignments": list(
                    LeaderAssignment.objects.filter(household=household, ended_on__isnull=True).select_related("leader")
                ),
                "can_edit": rules.can_edit_household(principal, household),
                # Each form only for who may use it (담당 직원 지정: the supervisor or 동장).
                "record_forms": [
                    (action, RECORD_FORMS[action](household, principal=principal, members=current))
                    for action in OFFERED
                    if RECORD_FORMS[action].rule.allows(principal, household)
                ],
                "sensitive_allowed": sensitive_allowed,
                "emergency_running": emergency.open_grant(principal, household),
                "emergency_offer": emergency.may_ask(principal, household, sensitive_allowed),
                "today": today,
                "sections": household_page.sections_for(principal, household),  # 사례 보기 / 사례 접수, …
            }
        )
    action = log.Action.VIEW_SENSITIVE if showed_sensitive else log.Action.VIEW
    names = ", ".join(m.name for m in members[:5])
    log.record(
        request, action, object_type="household", object_id=household.pk, household_id=household.pk, detail=names
    )
    return render(request, "registry/household_detail.html", context)


def _contact_page(request: HttpRequest, household: Household, members: list[Person]) -> HttpResponse:
    """A tong leader's view of a household: its current members' names, age bands and phones, its address and
    emergency contacts (`contact_view`), built from objects that carry nothing else."""
    current = [m for m in members if m.is_current_member]
    log.record(
        request, log.Action.VIEW, object_type="household", object_id=household.pk, household_id=household.pk,
        detail=", ".join(m.name for m in current[:5]),
    )  # fmt: skip
    return render(
        request,
        "registry/household_contact.html",
        {
            "household": household,
            "members": contact_view.contact_members(current),
            "contacts": list(household.contacts.all()),
        },
    )


@login_required
@door(rules.VIEW, not_found="person")
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    person = rules.get_person(principal, person_id)
    if not rules.sees_full_record(principal):
        # Leaders work at household level with contact details only.
        return redirect("registry:household_detail", person.household_id)
    household = person.household
    sensitive_allowed = rules.can_see_sensitive(principal, household)
    flags = [f for f in person.flags.order_by("-started_on") if sensitive_allowed or not f.is_sensitive]
    showed_sensitive = any(f.is_sensitive for f in flags)
    log.record(
        request,
        log.Action.VIEW_SENSITIVE if showed_sensitive else log.Action.VIEW,
        object_type="person",
        object_id=person.pk,
        household_id=household.pk,
        detail=person.name,
    )
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "household": household,
            "benefits": person.benefits.select_related("benefit_type").order_by("-started_on"),
            "flags": flags,
            "consents": person.consents.prefetch_related("agencies"),
            "moves": person.moves.all()[:HISTORY_LIMIT],
            "can_edit": rules.can_edit_household(principal, household),
        },
    )


@login_required
@door(rules.CREATE)
def household_create(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    dongs = _dongs_for(principal)
    form = HouseholdForm(request.POST or None, dongs=dongs)
    formset = MemberFormSet(request.POST or None, prefix="members")
    errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            household = services.create_household(request.user, principal, to_household_input(form, formset))
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "가구를 등록했습니다.")
            return redirect("registry:household_detail", household.pk)
    return render(request, "registry/household_form.html", {"form": form, "formset": formset, "errors": errors})


@login_required
@door(rules.VIEW, not_found="person")
def consent_create(request: HttpRequest, person_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    person = rules.get_person(principal, person_id)
    rules.require_edit_household(principal, person.household)
    form = ConsentForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consents.record_consent(
                request.user,
                principal,
                person,
                kind=data["kind"],
                scope=data["scope"],
                given_on=data["given_on"],
                expires_on=data.get("expires_on"),
                method=data["method"],
                agency_ids=[a.pk for a in data["agencies"]],
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "동의 내용을 기록했습니다.")
            return redirect("registry:person_detail", person.pk)
    return render(request, "registry/consent_form.html", {"form": form, "person": person, "errors": errors})


@login_required
@require_POST
@door(rules.VIEW, not_found="consent")
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    consent = get_object_or_404(Consent.objects.select_related("person"), pk=consent_id)
    person = rules.get_person(principal, consent.person_id)
    try:
        consents.withdraw_consent(request.user, principal, consent, dt.date.today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "동의 철회를 기록했습니다.")
    return redirect("registry:person_detail", person.pk)


@login_required
@require_POST
@door(rules.VIEW, not_found="household")
def household_record(request: HttpRequest, household_id: int, action: str) -> HttpResponse:
    """Add to a household's record (benefit, flag, contact, assignment, 전출) from its page."""
    principal = principal_for(request.user)
    household = rules.get_household(principal, household_id)
    rules.require_edit_household(principal, household)
    form_class = RECORD_FORMS.get(action)
    if form_class is None:
        raise OutOfScope("household_record", action)
    form_class.rule.require(principal, household)  # before the form is read: a refusal changes nothing
    form = form_class(household, request.POST, principal=principal)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        form.apply(request.user, principal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, form.success)
    return redirect("registry:household_detail", household.pk)
