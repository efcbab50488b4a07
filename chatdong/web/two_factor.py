"""The two-factor pages: the code after the password, and enrolling an authenticator app (chatdong.access.two_factor).

Both show nothing personal (the only secret on them is the user's own new device's, shown once until confirmed).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from chatdong.access import two_factor
from chatdong.access.doors import no_personal_data
from chatdong.access.login import locked_out_page
from chatdong.access.two_factor import Outcome

from .forms import CodeForm

REFUSED = {Outcome.WRONG: two_factor.WRONG_CODE, Outcome.THROTTLED: two_factor.THROTTLED}


def _next(request: HttpRequest) -> str:
    """Where the page asked for before the step leads back to (this site's own addresses only)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@no_personal_data("2단계 인증: 로그인 코드 입력")
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    device = two_factor.confirmed_device(request.user)
    if device is None:  # reset by an administrator meanwhile: enrol if required, else go on
        two_factor.settle(request)
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.verify(request, device, form.cleaned_data["code"])
        if outcome is Outcome.ACCEPTED:
            return redirect(_next(request))
        if outcome is Outcome.LOCKED:
            return locked_out_page(request)
        form.add_error("code", REFUSED[outcome])
    return render(request, "web/two_factor_verify.html", {"form": form, "next": _next(request)})


@no_personal_data("2단계 인증: 인증 앱 등록")
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    required = two_factor.required_for(request.user)
    if two_factor.confirmed_device(request.user) is not None:
        return render(request, "web/two_factor_setup.html", {"enrolled": True, "required": required})
    form = CodeForm(request.POST or None)
    device = two_factor.unconfirmed_device(request.user) if request.method == "POST" else None
    if request.method == "POST" and device is None:
        messages.error(request, "등록 화면이 만료되었습니다. 새 QR 코드로 다시 등록하세요.")
        return redirect("two_factor_setup")
    if device is not None and form.is_valid():
        outcome = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if outcome is Outcome.ACCEPTED:
            messages.success(request, "2단계 인증을 등록했습니다. 다음 로그인부터 인증 앱의 6자리 코드를 입력합니다.")
            return redirect(_next(request))
        form.add_error("code", REFUSED[outcome])
    if device is None:
        device = two_factor.start_enrolment(request.user)  # type: ignore[arg-type]
    context = {
        "form": form,
        "required": required,
        "pending": two_factor.pending_step(request) is not None,
        "qr": two_factor.qr_data_uri(device),
        "secret": two_factor.secret_text(device),
        "next": _next(request),
    }
    return render(request, "web/two_factor_setup.html", context)
