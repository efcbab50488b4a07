"""Pages of the neighbourhood officers (우리동네주무관): zones, zone walks with photos, findings handed over and
their results, weekly reports, the monthly sharing meeting, 1:1 matching and the printable contact card.

Thin: each page's door names its rule (`rules.py`), the rules scope every read (out of scope = 404), the services
write and refuse in Korean.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.errors import Forbidden, OutOfScope
from chatdong.access.principal import principal_for
from chatdong.core.dates import parse_date
from chatdong.core.forms import flash_errors, form_errors
from chatdong.core.pagination import paginate
from chatdong.registry import finder
from chatdong.registry import rules as registry_rules

from . import activities, findings, rules, weekly
from .forms import (
    ActivityForm,
    CompleteFindingForm,
    FindingFilterForm,
    FindingForm,
    KeyPlaceForm,
    MonthlyMeetingForm,
    WeeklyForm,
)
from .models import ActivityPhoto, Finding
from .states import FindingKind, FindingStatus


@login_required
@require_POST
@door(rules.ZONES)
def key_place_add(request: HttpRequest, zone_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    zone = rules.get_zone(principal, zone_id)
    form = KeyPlaceForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form_errors(form))
        return redirect("outreach:zone_detail", zone.pk)
    try:
        place = activities.add_key_place(request.user, principal, zone, **form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, f"주요 거점 '{place.name}'을(를) 추가했습니다.")
    return redirect("outreach:zone_detail", zone.pk)


@login_required
@door(rules.ZONES)
def activity_new(request: HttpRequest, zone_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    zone = rules.get_zone(principal, zone_id)
    rules.require_record_for(principal, zone)
    form = ActivityForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                activity = activities.record_activity(
                    request.user, principal, zone, occurred_on=data["occurred_on"], places=data["places"],
                    people_met=data["people_met"], complaints=data["complaints"], note=data["note"],
                    photos=data["photos"],
                )  # fmt: skip
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, "활동을 기록했습니다. 발굴한 이웃이나 민원이 있으면 바로 전달하세요.")
                return redirect("outreach:activity_detail", activity.pk)
        else:
            errors = form_errors(form)
    return render(request, "outreach/officers/activity_form.html", {"zone": zone, "form": form, "errors": errors})


@login_required
@door(rules.ACTIVITIES)
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    activity = rules.get_activity(principal, activity_id)
    handed = list(
        rules.findings_visible_to(principal).filter(activity=activity).select_related("routed_to").order_by("id")
    )
    return render(
        request,
        "outreach/officers/activity_detail.html",
        {
            "activity": activity,
            "photos": list(activity.photos.all()),
            "findings": handed,
            "can_record": rules.RECORD_WALK.allows(principal, activity.zone),
        },
    )


@login_required
@door(rules.ACTIVITIES)
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """A zone-walk photo, only for those who may see the activity (never a public /media/ address)."""
    principal = principal_for(request.user)
    found = ActivityPhoto.objects.filter(pk=photo_id, activity__in=rules.activities_visible_to(principal)).first()
    if found is None:
        raise OutOfScope("photo", photo_id)
    log.record(request, log.Action.VIEW, object_type="activity_photo", object_id=found.pk)
    response = FileResponse(found.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@door(rules.PAGES)
def finding_new(request: HttpRequest) -> HttpResponse:
    """One step: what was found (optionally whom, from the registry), routed on submit."""
    principal = principal_for(request.user)
    params = request.POST if request.method == "POST" else request.GET
    activity = rules.get_activity(principal, params["activity"]) if params.get("activity") else None  # type: ignore[arg-type]
    person = registry_rules.get_person(principal, params["person"]) if params.get("person") else None  # type: ignore[arg-type]
    dong = (
        activity.zone.dong
        if activity
        else (person.household.dong if person else (principal.staff.dong if principal.staff else None))
    )
    if dong is None:
        raise Forbidden(rules.NO_DONG)
    form = FindingForm(request.POST or None, responsible=findings.responsible_candidates(dong))
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                finding = findings.hand_over(
                    request.user, principal, kind=data["kind"], description=data["description"],
                    subject=data["subject"], dong=dong, person=person, activity=activity,
                    responsible=data["responsible"], intake=data["intake"],
                )  # fmt: skip
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request, f"{finding.routed_to.name}에게 전달했습니다. 처리되면 알림으로 알려 드립니다."
                )
                return redirect("outreach:finding_detail", finding.pk)
        else:
            errors = form_errors(form)
    query, found = ("", []) if person is not None else finder.find_residents(request, principal, "발굴·전달 주민 찾기")
    members = [member for household in found for member in household.current_members]  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/officers/finding_form.html",
        {"form": form, "errors": errors, "activity": activity, "person": person, "query": query, "members": members},
    )


@login_required
@door(rules.FINDINGS)
def finding_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = FindingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = rules.findings_visible_to(principal).select_related(
        "routed_to", "raised_by__staff", "raised_by_leader", "dong"
    )
    box = filters.get("box") or ("received" if principal.staff else "raised")
    if principal.staff is not None and box == "received":
        qs = qs.filter(routed_to_id=principal.staff.pk)
    elif box == "raised":
        qs = qs.filter(raised_by_id=request.user.pk)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    page = paginate(request, qs.order_by("status", "-created_at", "-id"))
    if page["page_obj"].object_list:  # type: ignore[attr-defined]
        log.record(request, log.Action.VIEW, object_type="finding", detail=f"발굴·전달 목록({box})")
    return render(request, "outreach/officers/finding_list.html", {"form": form, "box": box, **page})


@login_required
@door(rules.FINDINGS, not_found="finding")
def finding_detail(request: HttpRequest, finding_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    finding = rules.get_finding(principal, finding_id)
    log.record(
        request, log.Action.VIEW, object_type="finding", object_id=finding.pk, household_id=finding.household_id,
        detail=f"발굴·전달: {finding.subject}",
    )  # fmt: skip
    if not rules.sees_outcome(principal):
        return render(request, "outreach/officers/leader_finding_detail.html", {"finding": finding})
    receiver = rules.HANDLE.allows(principal, finding)
    open_finding = finding.status != FindingStatus.DONE
    return render(
        request,
        "outreach/officers/finding_detail.html",
        {
            "finding": finding,
            "receiver": receiver and open_finding,
            "complete_form": CompleteFindingForm() if receiver and open_finding else None,
            "tell": finding.kind in findings.TELL_BEFORE_DONE,
            "can_open_case": receiver
            and finding.kind == FindingKind.CARE_NEEDED
            and finding.person_id
            and not finding.case_id
            and open_finding,
        },
    )


@login_required
@require_POST
@door(rules.FINDINGS, not_found="finding")
def finding_action(request: HttpRequest, finding_id: int, action: str) -> HttpResponse:
    principal = principal_for(request.user)
    finding = rules.get_finding(principal, finding_id)
    try:
        if action == "start":
            findings.start(request.user, principal, finding)
            messages.success(request, "처리중으로 표시했습니다.")
        elif action == "complete":
            form = CompleteFindingForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            findings.complete(request.user, principal, finding, **form.cleaned_data)
            messages.success(request, "처리 결과를 기록하고 전달한 사람에게 알렸습니다.")
        elif action == "open-case":
            finding = findings.open_case(request.user, principal, finding)
            messages.success(request, f"사례 #{finding.case_id}(으)로 접수했습니다.")
        else:
            raise OutOfScope("finding_action", action)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    return redirect("outreach:finding_detail", finding.pk)


def _week(request: HttpRequest) -> dt.date:
    raw = request.GET.get("week") or request.POST.get("week") or ""
    try:
        day = parse_date(raw)
    except ValueError:
        day = timezone.localdate() - dt.timedelta(days=7)
    return weekly.week_start(day)


@login_required
@door(rules.PAGES)
def weekly_report(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    rules.WEEKLY_REPORT.require(principal)
    assert principal.staff is not None
    start = _week(request)
    form = WeeklyForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            weekly.submit_report(request.user, principal, start, form.cleaned_data["body"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"{start:%Y-%m-%d} 주 활동보고를 제출했습니다.")
            return redirect(f"{request.path}?week={start:%Y-%m-%d}")
    draft = weekly.compile_week(principal.staff, start)
    if not form.is_bound:
        form = WeeklyForm(initial={"body": draft.body})
    return render(
        request,
        "outreach/officers/weekly.html",
        {
            "draft": draft, "form": form, "errors": errors, "week": start,
            "previous": start - dt.timedelta(weeks=1), "next": start + dt.timedelta(weeks=1),
            "is_future_next": start + dt.timedelta(weeks=1) > weekly.week_start(timezone.localdate()),
            "recent": weekly.past_weeks(timezone.localdate()),
        },
    )  # fmt: skip


@login_required
@door(rules.PAGES)
def weekly_grid(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    rules.REPORT_GRID.require(principal, principal.dong_id)
    assert principal.dong_id is not None
    mondays, rows = weekly.report_grid(principal.dong_id, timezone.localdate())
    return render(request, "outreach/officers/weekly_grid.html", {"mondays": mondays, "rows": rows})


@login_required
@door(rules.PAGES)
def monthly_meeting(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    rules.MONTHLY_MEETING.require(principal, principal.dong_id)
    assert principal.staff is not None and principal.staff.dong is not None
    dong = principal.staff.dong
    today = timezone.localdate()
    first, last = weekly.last_week(today)
    default = dt.datetime.combine(max(first, today), dt.time(16, 0))
    form = MonthlyMeetingForm(request.POST or None, initial={"starts_at": default.strftime("%Y-%m-%dT%H:%M")})
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = weekly.prepare_monthly_meeting(request.user, principal, dong, **form.cleaned_data)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, "공유·평가회의를 준비했습니다. 이달의 발굴·전달이 안건에 올라 있습니다.")
                return redirect("meetings:meeting_detail", meeting.pk)
        else:
            errors = form_errors(form)
    open_count = Finding.objects.filter(dong=dong).exclude(status=FindingStatus.DONE).count()
    return render(
        request,
        "outreach/officers/monthly.html",
        {"form": form, "errors": errors, "first": first, "last": last, "open_count": open_count, "dong": dong},
    )
