"""Pages of the access app."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access import policy


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    principal = policy.principal_for(request.user)
    policy.require(principal.is_auditor, "접근기록은 개인정보 감사 담당자만 볼 수 있습니다.")
    return render(request, "access/access_log.html", {})
