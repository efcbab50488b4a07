"""Pages to assign zones to officers, tongs to zones, and roles to staff (동장·주무관 총괄)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from chatdong.access.doors import door
from chatdong.access.principal import Principal, principal_for
from chatdong.access.rules import fetch
from chatdong.org.models import Dong, NeighbourhoodLeader, RoleAssignment, StaffMember, Tong, Zone

from . import services
from .forms import RolesForm, TongZoneForm, ZoneOfficerForm
from .rules import MANAGE


def _managed_dongs(principal: Principal) -> QuerySet[Dong]:
    """The dongs whose zones, tongs and staff the user manages: as MANAGE reaches, all or their own."""
    if principal.is_superuser:
        return Dong.objects.all()
    return Dong.objects.filter(pk=principal.dong_id or 0)


def _get_managed(principal: Principal, queryset: QuerySet, pk: object, what: str):  # type: ignore[no-untyped-def]
    """An object (zone, tong, staff member) of a dong the user manages, else 404 as if it did not exist."""
    return fetch(MANAGE.scope(principal, queryset), pk or 0, what)


@login_required
@door(MANAGE)
def zones(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    dongs = _managed_dongs(principal)
    dong = dongs.filter(pk=request.GET.get("dong") or 0).first() if principal.is_superuser else None
    dong = dong or dongs.filter(pk=principal.dong_id or 0).first() or dongs.first()
    if request.method == "POST":
        _apply_assignment(request, principal)
        return redirect(f"{request.path}?dong={dong.pk}" if dong else request.path)
    if dong is None:
        return render(request, "access/assignments/zones.html", {"dong": None})
    staff = list(
        StaffMember.objects.filter(dong=dong)
        .select_related("team")
        .prefetch_related(Prefetch("roles", queryset=RoleAssignment.objects.order_by("role")))
    )
    zone_list = list(Zone.objects.filter(dong=dong).select_related("officer"))
    tongs = list(
        Tong.objects.filter(dong=dong)
        .select_related("zone")
        .prefetch_related(Prefetch("leaders", queryset=NeighbourhoodLeader.objects.order_by("kind", "name")))
    )
    return render(
        request,
        "access/assignments/zones.html",
        {
            "dong": dong,
            "dongs": dongs if principal.is_superuser else [],
            "zones": zone_list,
            "tongs": tongs,
            "staff": staff,
        },
    )


def _apply_assignment(request: HttpRequest, principal: Principal) -> None:
    action = request.POST.get("action")
    try:
        if action == "zone_officer":
            form = ZoneOfficerForm(request.POST)
            if not form.is_valid():
                raise ValidationError("입력값이 올바르지 않습니다.")
            zone = _get_managed(principal, Zone.objects.select_related("dong"), form.cleaned_data["zone"], "zone")
            officer_id = form.cleaned_data["officer"]
            officer = StaffMember.objects.filter(pk=officer_id).first() if officer_id else None
            if officer_id and officer is None:
                raise ValidationError("선택한 직원을 찾을 수 없습니다.")
            services.assign_zone_officer(request.user, zone, officer)
            messages.success(request, f"{zone} 담당 주무관을 {'지정' if officer else '해제'}했습니다.")
        elif action == "tong_zone":
            tong_form = TongZoneForm(request.POST)
            if not tong_form.is_valid():
                raise ValidationError("입력값이 올바르지 않습니다.")
            tong = _get_managed(principal, Tong.objects.all(), tong_form.cleaned_data["tong"], "tong")
            zone_id = tong_form.cleaned_data["zone"]
            target = Zone.objects.filter(pk=zone_id).first() if zone_id else None
            services.assign_tong_zone(request.user, tong, target)
            messages.success(request, f"{tong}의 구역을 변경했습니다.")
        else:
            raise ValidationError("알 수 없는 요청입니다.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


@login_required
@door(MANAGE)
def staff_roles(request: HttpRequest, staff_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    member = _get_managed(principal, StaffMember.objects.select_related("dong"), staff_id, "staff")
    current = list(member.roles.all())
    initial = {
        "roles": [r.role for r in current],
        "speciality": next((r.speciality for r in current if r.speciality), ""),
    }
    form = RolesForm(request.POST or None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.set_roles(
                request.user, principal, member, form.cleaned_data["roles"], form.cleaned_data["speciality"]
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"{member.name}의 역할을 저장했습니다.")
            return redirect(reverse("access:zones") + f"?dong={member.dong_id}")
    return render(request, "access/assignments/staff_roles.html", {"member": member, "form": form, "errors": errors})
