"""Turns refusals into Korean pages and writes them to the access log; holds a session at its two-factor step."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from chatdong.access.errors import Forbidden, OutOfScope

from . import log, two_factor


class ForbiddenPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OutOfScope):
            log.denied(request, exception)
            return render(request, "404.html", status=404)
        if isinstance(exception, Forbidden):
            log.denied(request, exception)
            return render(request, "403.html", {"message": exception.message}, status=403)
        return None


# The page of each step, and the pages open during it besides (leaving is always possible).
STEP_PAGES = {two_factor.Step.VERIFY: "two_factor_verify", two_factor.Step.ENROL: "two_factor_setup"}
OPEN_DURING_STEP = ("logout", "admin:logout")


class SecondFactorMiddleware:
    """A session that still owes its code or its enrolment (two_factor.pending_step) reaches that page and logout,
    nothing else: every other page redirects there, returning afterwards to the page asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = two_factor.pending_step(request)
        if step is None or not request.user.is_authenticated:
            return self.get_response(request)
        page = reverse(STEP_PAGES[step])
        if request.path == page or request.path in {reverse(name) for name in OPEN_DURING_STEP}:
            return self.get_response(request)
        if request.method == "GET":
            return redirect(f"{page}?{urlencode({'next': request.get_full_path()})}")
        return redirect(page)
