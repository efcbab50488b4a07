"""Finding a resident from a page that then works on one of them (종합상담, 돌봄위기 의뢰, 발굴·전달): by name,
birth date, masked or full resident number or address, within the user's scope, each search in the access log."""

from django.db.models import Prefetch
from django.http import HttpRequest

from chatdong.access import log
from chatdong.access.principal import Principal

from . import selectors
from .models import Household, Person

SEARCH_LIMIT = 10
QUERY_LENGTH = 100


def find_residents(request: HttpRequest, principal: Principal, purpose: str) -> tuple[str, list[Household]]:
    """The search box's text (`?q=`) and the first households it finds, each with its current members
    (`household.current_members`: not moved out, not deceased). An empty box finds nothing and logs nothing."""
    query = request.GET.get("q", "").strip()[:QUERY_LENGTH]
    if not query:
        return query, []
    current = Person.objects.filter(moved_out_on__isnull=True, died_on__isnull=True).order_by("pk")
    found = selectors.search_households(principal, query).prefetch_related(
        Prefetch("members", queryset=current, to_attr="current_members")
    )
    households: list[Household] = [*found[:SEARCH_LIMIT]]
    log.record(
        request, log.Action.SEARCH, object_type="household", detail=f"{purpose}: {selectors.loggable_query(query)}"
    )
    return query, households
