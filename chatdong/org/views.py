"""Pages of the org app."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access import policy


@login_required
def zones(request: HttpRequest) -> HttpResponse:
    principal = policy.principal_for(request.user)
    policy.require(policy.can_manage_organisation(principal), "구역과 역할은 동장 또는 우리동네주무관 총괄만 관리할 수 있습니다.")
    return render(request, "org/zones.html", {})
