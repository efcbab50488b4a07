"""The auditor's page: search the access log (개인정보 접근기록 조회)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.core.pagination import paginate
from chatdong.reports import rules

from . import selectors
from .forms import AccessLogSearchForm


@login_required
@door(rules.ACCESS_LOG)
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    context = paginate(request, selectors.search_access_log(criteria), per_page=50)
    if request.GET:
        # Auditors' own searches are part of the trail too, decoded (a percent-encoded name would hide a
        # resident number beside it from the masking, and reads badly).
        terms = " · ".join(f"{key}={value}" for key, values in request.GET.lists() for value in values if value)
        log.record(request, log.Action.SEARCH, object_type="access_log", detail=f"접근기록 검색: {terms}")
    context["form"] = form
    return render(request, "reports/privacy/access_log.html", context)
