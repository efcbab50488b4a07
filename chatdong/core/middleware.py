"""Every answer from a view may show personal data (a household, a case note, a search for a name): browsers and
proxies must not keep it, so the back button on a shared computer in a dong centre shows nothing after logout.
Static files never reach this: WhiteNoise answers them earlier, with their own caching."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that chose its own caching (none does today) keeps it.
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
