"""The partner agency directory (기관 목록) with contacts: every staff member needs it to refer and link."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access.errors import require
from chatdong.access.principal import principal_for
from chatdong.core.pagination import paginate
from chatdong.org.models import Agency, AgencyContact


@login_required
def agencies(request: HttpRequest) -> HttpResponse:
    """The agency directory (기관 목록) with contacts: every staff member needs it to refer and link."""
    principal = principal_for(request.user)
    require(principal.is_superuser or bool(principal.staff), "기관 목록은 직원만 볼 수 있습니다.")
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()[:50]
    qs = Agency.objects.select_related("dong").prefetch_related(
        Prefetch("contacts", queryset=AgencyContact.objects.order_by("name"))
    )
    if principal.district_id:
        qs = qs.filter(district_id=principal.district_id)
    if kind in Agency.Kind.values:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(name__contains=query)
    context = paginate(request, qs.order_by("kind", "name"))
    context.update({"kinds": Agency.Kind.choices, "kind": kind, "query": query})
    return render(request, "resources/agency_list.html", context)
