"""Turns refusals into Korean pages and writes them to the access log."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access.errors import Forbidden, OutOfScope

from . import log


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
