"""Case conference pages: the list (upcoming and past), a new meeting, a meeting with its attendees,
agenda, decisions and minutes, and the actions posted from it. Thin: selectors read, services write."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import Principal, principal_for
from chatdong.core.forms import form_errors
from chatdong.core.pagination import paginate
from chatdong.org.models import Agency

from . import rules, selectors, services
from .forms import AgendaForm, AttendeeForm, CancelForm, DecisionForm, MeetingForm, MinutesForm, agenda_cases
from .models import Meeting


@contextmanager
def _reported(request: HttpRequest, success: str) -> Iterator[None]:
    """Around a service call: its refusal of the input becomes a Korean message on the meeting page."""
    try:
        yield
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@login_required
@door(rules.VIEW)
def meeting_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    today = timezone.localdate()
    upcoming = request.GET.get("view") != "past"
    context = paginate(request, selectors.meeting_list(principal, upcoming=upcoming, today=today))
    context.update(
        {
            "upcoming": upcoming,
            "missing_regular": selectors.dongs_without_regular_conference(principal, today),
            "can_schedule": rules.SCHEDULE.admits(principal),
        }
    )
    return render(request, "meetings/meeting_list.html", context)


@login_required
@door(rules.SCHEDULE)
def meeting_create(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = MeetingForm(request.POST or None, principal=principal)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.schedule_meeting(
                    request.user, principal, kind=data["kind"], schedule=data["schedule"], dong=data["dong"],
                    title=data["title"], starts_at=data["starts_at"], place=data["place"], chair=data["chair"],
                )  # fmt: skip
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, "사례회의를 등록했습니다.")
                return redirect("meetings:meeting_detail", meeting.pk)
        else:
            errors = form_errors(form)
    return render(request, "meetings/meeting_form.html", {"form": form, "errors": errors})


@login_required
@door(rules.VIEW, not_found="meeting")
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    detail = selectors.meeting_detail(principal, meeting_id)
    meeting = detail.meeting
    manage = rules.MANAGE.allows(principal, meeting)
    chair = rules.DECIDE.allows(principal, meeting)
    open_meeting = meeting.status != Meeting.Status.CANCELLED
    if detail.agenda:
        names = selectors.agenda_names(detail.agenda)
        log.record(request, log.Action.VIEW, object_type="meeting", object_id=meeting.pk, detail=f"안건: {names}")
    if chair and open_meeting:
        agencies = list(Agency.objects.filter(district_id=meeting.district_id).order_by("name"))
        for item in detail.agenda:
            if item.decided_at is None and item.case_id:
                item.decision_form = DecisionForm(agencies=agencies, auto_id=f"item{item.pk}_%s")  # type: ignore[attr-defined]
    can_add_agenda = (
        open_meeting and meeting.status != Meeting.Status.HELD and rules.offers_agenda_form(principal, meeting)
    )
    context = {
        "meeting": meeting,
        "attendees": detail.attendees,
        "agenda": detail.agenda,
        "agency_attendees": detail.agency_attendees,
        "can_manage": manage and open_meeting,
        "is_chair": chair and open_meeting,
        "attendee_form": AttendeeForm(meeting=meeting) if manage and open_meeting else None,
        "agenda_form": AgendaForm(cases=agenda_cases(principal, meeting)) if can_add_agenda else None,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}) if manage and open_meeting else None,
        "cancel_form": CancelForm() if manage and meeting.status == Meeting.Status.PLANNED else None,
        "can_mark_held": manage
        and meeting.status == Meeting.Status.PLANNED
        and services.meeting_day(meeting) <= timezone.localdate(),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _meeting(request: HttpRequest, meeting_id: int) -> tuple[Principal, Meeting]:
    principal = principal_for(request.user)
    return principal, rules.get_meeting(principal, meeting_id)


@login_required
@require_POST
@door(rules.VIEW, not_found="meeting")
def attendee_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal, meeting = _meeting(request, meeting_id)
    form = AttendeeForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, " ".join(form_errors(form)))
    else:
        data = form.cleaned_data
        with _reported(request, "참석자를 추가했습니다."):
            services.add_attendee(
                request.user, principal, meeting, staff=data["staff"], agency=data["agency"], name=data["name"],
                role=data["role"],
            )  # fmt: skip
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
@require_POST
@door(rules.VIEW, not_found="meeting")
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal, meeting = _meeting(request, meeting_id)
    form = AgendaForm(request.POST, cases=agenda_cases(principal, meeting))
    if not form.is_valid():
        messages.error(request, " ".join(form_errors(form)))
    else:
        data = form.cleaned_data
        with _reported(request, "안건을 추가했습니다."):
            services.add_agenda_item(
                request.user, principal, meeting, case=data["case"], purpose=data["purpose"],
                legal_exception=data["legal_exception"],
            )  # fmt: skip
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
@require_POST
@door(rules.VIEW, not_found="meeting")
def decision(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    principal, meeting = _meeting(request, meeting_id)
    item = selectors.agenda_item(meeting, item_id)
    form = DecisionForm(request.POST, agencies=list(Agency.objects.filter(district_id=meeting.district_id)))
    if not form.is_valid():
        messages.error(request, " ".join(form_errors(form)))
    else:
        data = form.cleaned_data
        with _reported(request, "결정을 기록했습니다. 사례에 반영되었습니다."):
            services.record_decision(
                request.user, principal, item, decision=data["decision"], value=form.value(),
                discussion=data["discussion"],
            )  # fmt: skip
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
@require_POST
@door(rules.VIEW, not_found="meeting")
def minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal, meeting = _meeting(request, meeting_id)
    form = MinutesForm(request.POST)
    if not form.is_valid():  # minutes over their limit: said, not silently dropped
        messages.error(request, " ".join(form_errors(form)))
    else:
        with _reported(request, "회의록을 저장했습니다."):
            services.record_minutes(request.user, principal, meeting, form.cleaned_data["minutes"])
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
@require_POST
@door(rules.VIEW, not_found="meeting")
def held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal, meeting = _meeting(request, meeting_id)
    absent = [int(v) for v in request.POST.getlist("absent") if v.isdigit()]
    with _reported(request, "회의를 개최로 표시했습니다."):
        services.mark_held(request.user, principal, meeting, absent_ids=absent)
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
@require_POST
@door(rules.VIEW, not_found="meeting")
def cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal, meeting = _meeting(request, meeting_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form_errors(form)))
    else:
        with _reported(request, "회의를 취소했습니다."):
            services.cancel_meeting(request.user, principal, meeting, reason=form.cleaned_data["reason"])
    return redirect("meetings:meeting_detail", meeting.pk)
