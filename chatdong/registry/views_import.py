"""Upload page for the resident-registry CSV import."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access import policy


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    principal = policy.principal_for(request.user)
    policy.require(policy.can_import(principal), "주민등록 자료를 가져올 권한이 없습니다.")
    return render(request, "registry/import.html", {})
