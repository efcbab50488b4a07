"""전입 확인 pages: the receiving dong's supervisor's list of waiting move-ins, approving and rejecting one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.pagination import paginate
from chatdong.registry import rules

from . import deciding


@login_required
@door(rules.MOVE_IN)
def move_in_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    context = paginate(request, deciding.pending_for(principal))
    shown = context["page_obj"].object_list  # type: ignore[attr-defined]
    if shown:
        log.record(
            request,
            log.Action.VIEW,
            object_type="move_in",
            detail="전입 확인 목록: " + ", ".join(m.name for m in shown[:5]),
        )
    context["note_max"] = deciding.NOTE_MAX
    return render(request, "registry/move_ins.html", context)


@login_required
@require_POST
@door(rules.MOVE_IN)
def move_in_approve(request: HttpRequest, move_in_id: int) -> HttpResponse:
    try:
        move_in = deciding.approve(request.user, principal_for(request.user), move_in_id)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{move_in.name}님의 전입을 승인해 세대번호 {move_in.registry_no}에 반영했습니다.")
    return redirect("registry:move_ins")


@login_required
@require_POST
@door(rules.MOVE_IN)
def move_in_reject(request: HttpRequest, move_in_id: int) -> HttpResponse:
    note = request.POST.get("note", "")
    try:
        move_in = deciding.reject(request.user, principal_for(request.user), move_in_id, note)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{move_in.name}님의 전입 요청을 반려했습니다. 주민 기록은 바뀌지 않았습니다.")
    return redirect("registry:move_ins")
