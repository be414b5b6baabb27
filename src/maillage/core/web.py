"""Small helpers shared by the apps' screens: the 403 page, pagination and page windows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 25


def forbidden(request: HttpRequest) -> HttpResponse:
    """The shared refusal page, with status 403."""
    return render(request, "core/forbidden.html", status=403)


def page_of(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page:
    """The page of `items` named by `?page=` (the last one when out of range)."""
    return paginate(items, request.GET.get("page"), per_page)


def paginate(items: Any, page_number: Any, per_page: int = PAGE_SIZE) -> Page:
    """The page `page_number` of `items` (the last one when out of range)."""
    return Paginator(items, per_page).get_page(page_number)


@dataclass
class Window:
    """One page of a long list without counting it: counting 50,000 rows costs more than reading
    the page. The page reads one row more than it shows to know whether another follows."""

    object_list: list[Any]
    number: int
    has_next: bool
    paginator: None = None

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def window(queryset: Any, page_number: Any, per_page: int = PAGE_SIZE) -> Window:
    """The page `page_number` of `queryset` as a `Window`, bounded to 10,000 pages."""
    try:
        number = min(max(1, int(page_number or 1)), 10_000)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Window(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)
