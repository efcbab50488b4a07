"""Case pages: the case list with the seed 001 summary, the case page with its actions, and intake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import OutOfScope
from chatdong.access.principal import principal_for
from chatdong.core.pagination import paginate
from chatdong.registry import rules as registry_rules

from . import rules, selectors
from .forms import ACTION_FORMS, CaseFilterForm, CaseOptions, IntakeForm, SummaryPeriodForm, offered
from .models import Case
from .states import Stage

STAGE_STEPS = [Stage.INTAKE, Stage.ASSESSMENT, Stage.PLANNING, Stage.IN_SERVICE, Stage.CLOSURE_REQUESTED, Stage.CLOSED]


@login_required
@door(rules.SUMMARY)
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases in scope with filters, and the seed 001 summary for a period. Statistics roles get the summary only."""
    principal = principal_for(request.user)
    filter_form = CaseFilterForm(principal, request.GET)
    filters = filter_form.filters()
    period_form = SummaryPeriodForm(request.GET)
    date_from, date_to = period_form.period()
    context: dict[str, object] = {
        "filter_form": filter_form,
        "period_form": period_form,
        "summary": selectors.case_summary(principal, date_from, date_to, filters.dong_id),
        "figures_only": principal.is_aggregate_only,
    }
    if not principal.is_aggregate_only:
        context.update(paginate(request, selectors.case_list(principal, filters)))
        if filters.text:
            log.record(request, log.Action.SEARCH, object_type="case", detail=f"사례 대상자 검색: {filters.text}")
    return render(request, "cases/case_list.html", context)


def _stage_steps(case: Case) -> list[dict[str, object]]:
    """The step indicator: stages done, the current one, those to come (사업대상제외 ends at selection)."""
    steps = [Stage.INTAKE, Stage.ASSESSMENT, Stage.NOT_SELECTED] if case.stage == Stage.NOT_SELECTED else STAGE_STEPS
    current = steps.index(Stage(case.stage))
    return [
        {"label": stage.label, "state": "done" if i < current else "current" if i == current else "todo"}
        for i, stage in enumerate(steps)
    ]


@login_required
@door(rules.VIEW)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    case = rules.get_case(principal, case_id)
    detail = selectors.case_detail(principal, case)
    options = CaseOptions(case)
    log.record(
        request,
        log.Action.VIEW_SENSITIVE if detail.shows_sensitive else log.Action.VIEW,
        object_type="case",
        object_id=case.pk,
        household_id=case.household_id,
        detail=f"사례 #{case.pk} {case.person.name}",
    )
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "d": detail,
            "steps": _stage_steps(case),
            "action_forms": offered(principal, detail, options),
            "is_supervisor": rules.is_case_supervisor(principal, case),
        },
    )


@login_required
@require_POST
@door(rules.VIEW)
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    """One action on a case from its page. The service decides; a refusal changes nothing."""
    principal = principal_for(request.user)
    case = rules.get_case(principal, case_id)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise OutOfScope("case_action", action)
    if form_class.rule is not None:
        form_class.rule.require(principal, case)  # before the form is read: a refusal changes nothing
    form = form_class(case, principal, CaseOptions(case), request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.messages())
        form.apply(request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, form.success)
    return redirect(reverse("cases:case_detail", args=[case.pk]) + f"#action-{action}")


@login_required
@door(rules.VIEW)
def case_intake(request: HttpRequest, household_id: int) -> HttpResponse:
    """사례 접수 from a household: choose the person, the source and a note; the case opens at intake."""
    principal = principal_for(request.user)
    household = registry_rules.get_household(principal, household_id)
    registry_rules.require_edit_household(principal, household)
    existing = selectors.open_case_of(principal, household)
    if existing is not None:
        messages.info(request, f"이 가구에는 이미 진행 중인 사례(#{existing.pk})가 있습니다.")
        return redirect("cases:case_detail", existing.pk)
    form = IntakeForm(household, request.POST or None)
    if request.method == "GET":  # the form lists the household's members
        log.record(
            request, log.Action.VIEW, object_type="household", object_id=household.pk, household_id=household.pk,
            detail="사례 접수 화면",
        )  # fmt: skip
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            case = form.apply(request.user, principal)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "사례를 접수했습니다. 욕구조사를 기록하세요.")
            return redirect("cases:case_detail", case.pk)
    return render(request, "cases/intake.html", {"form": form, "household": household, "errors": errors})
