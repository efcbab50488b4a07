"""Pages of the reports app."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from chatdong.access import policy


@login_required
def dong_stats(request: HttpRequest) -> HttpResponse:
    principal = policy.principal_for(request.user)
    policy.require(policy.can_see_statistics(principal), "통계를 볼 권한이 없습니다.")
    return render(request, "reports/dong_stats.html", {})


@login_required
def dong_map_data(request: HttpRequest) -> HttpResponse:
    return JsonResponse({})
