"""The partner agency directory (기관 목록) with contacts: every staff member needs it to refer and link."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.pagination import paginate
from chatdong.org.models import Agency, AgencyContact

from .rules import AGENCIES


@login_required
@door(AGENCIES)
def agencies(request: HttpRequest) -> HttpResponse:
    """The agency directory (기관 목록) with contacts: every staff member needs it to refer and link."""
    principal = principal_for(request.user)
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()[:50]
    qs = AGENCIES.scope(principal, Agency.objects.all()).select_related("dong")
    qs = qs.prefetch_related(Prefetch("contacts", queryset=AgencyContact.objects.order_by("name")))
    if kind in Agency.Kind.values:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(name__contains=query)
    context = paginate(request, qs.order_by("kind", "name"))
    context.update({"kinds": Agency.Kind.choices, "kind": kind, "query": query})
    return render(request, "resources/agency_list.html", context)
