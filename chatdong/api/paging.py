"""One page of a list for the API: the rows and the figures every paged response carries."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet


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
