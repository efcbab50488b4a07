"""Lists a page at a time: page numbers for list pages, and one page of a list for the API."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int | None = None) -> dict[str, object]:
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    page: Page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    query_string = params.urlencode()
    return {
        "page_obj": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "query_string": f"{query_string}&" if query_string else "",
    }


@dataclass
class PageOf:
    count: int
    page: int
    pages: int
    page_size: int
    rows: list[Any]

    def figures(self) -> dict[str, int]:
        return {"count": self.count, "page": self.page, "pages": self.pages, "page_size": self.page_size}


def page_of(queryset: QuerySet[Any], page: int) -> PageOf:
    """Page `page` (from 1) of the list; past the last page an empty list, not an error."""
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    try:
        rows = list(paginator.page(page).object_list)
    except EmptyPage:
        rows = []
    return PageOf(paginator.count, page, paginator.num_pages, settings.PAGE_SIZE, rows)
