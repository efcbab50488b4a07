"""The pages of break-the-glass access: asking for it from the household, ending it, the supervisor's and the
auditor's list."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.forms import CheckedForm
from chatdong.core.pagination import paginate

from . import emergency, rules


class EmergencyAccessForm(CheckedForm):
    reason = forms.CharField(
        label="긴급 열람 사유",
        widget=forms.Textarea(attrs={"rows": 4, "class": "krds-input"}),
        max_length=emergency.REASON_MAX,
        help_text=f"지금 민감정보가 필요한 이유를 {emergency.REASON_MIN}자 이상 적어 주세요. "
        "사유는 동 복지수퍼바이저와 개인정보 감사 담당이 확인합니다.",
    )

    def clean_reason(self) -> str:
        return emergency.clean_reason(self.cleaned_data["reason"])


def log_started(request: HttpRequest, grant_household_id: int, reason: str) -> None:
    log.record(
        request,
        log.Action.EMERGENCY,
        object_type="household",
        object_id=grant_household_id,
        household_id=grant_household_id,
        detail=f"사유: {reason}",
    )


@login_required
@door(rules.EMERGENCY_REQUEST, not_found="household")
def emergency_request(request: HttpRequest, household_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    household = rules.get_household(principal, household_id)
    rules.EMERGENCY_REQUEST.require(principal, household)
    form = EmergencyAccessForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            grant = emergency.request_access(request.user, principal, household, form.cleaned_data["reason"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            log_started(request, household.pk, grant.reason)
            until = timezone.localtime(grant.expires_at)  # the clock on the wall, not UTC
            messages.success(request, f"긴급 열람을 시작했습니다. {until:%Y-%m-%d %H:%M}까지 민감정보를 볼 수 있습니다")
            return redirect("registry:household_detail", household.pk)
    context = {
        "household": household,
        "form": form,
        "errors": errors,
        "running": emergency.open_grant(principal, household),
        "hours": int(emergency.DURATION.total_seconds() // 3600),
    }
    return render(request, "registry/emergency_request.html", context)


@login_required
@require_POST
@door(rules.EMERGENCY_END, not_found="emergency_access")
def emergency_end(request: HttpRequest, grant_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    grant = emergency.get_for_ending(principal, grant_id)
    try:
        emergency.end_access(request.user, principal, grant, request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "긴급 열람을 종료했습니다.")
    if rules.EMERGENCY_LIST.allows(principal, grant):
        return redirect("registry:emergency_list")
    return redirect("registry:household_detail", grant.household_id)


@login_required
@door(rules.EMERGENCY_LIST)
def emergency_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    running_only = request.GET.get("running") == "1"
    context = paginate(request, emergency.overseen_by(principal, running_only=running_only))
    context["running_only"] = running_only
    context["note_max"] = emergency.NOTE_MAX
    return render(request, "registry/emergency_list.html", context)
