"""Iterators that walk every page of a listing (sync and async twins).

A page fetcher answers ``(rows, last)`` for a 1-indexed page, where ``last`` is the server's
``Last-Page`` flag or None. Walking stops on a short page, on ``last``, or when a page repeats the
previous one (a server that ignores paging), so a listing is never cut short and never loops.

Given the limiter its client paces through, a pager also keeps to a request budget: told how many
items to expect (:meth:`Pager.expect`), it refuses before the first request a walk whose pages the
budget cannot cover, saying how long the walk would take; and a walk the budget stops midway says
how far it got.
"""

from __future__ import annotations

import logging
import math
from typing import AsyncIterator, Awaitable, Callable, Generic, Iterator, TypeVar

from punchclock.errors import BudgetExceeded

T = TypeVar("T")
log = logging.getLogger("punchclock.http")

Fetch = Callable[[int, int], tuple[list, "bool | None"]]
AsyncFetch = Callable[[int, int], Awaitable[tuple[list, "bool | None"]]]


def _identity(rows: list) -> tuple:
    return tuple(_ident(r) for r in rows)


def _ident(row) -> object:
    """A row's id, else its repr (only then: a repr of a parsed model costs more than the parse)."""
    ident = row.get("id") if isinstance(row, dict) else getattr(row, "id", None)
    return ident if ident is not None else repr(row)


class _Walk:
    """Bookkeeping shared by both pagers: when to stop, and what the budget allows."""

    def __init__(self, page_size: int, limiter=None, expected: int | None = None):
        self.page_size = page_size
        self.previous: tuple | None = None
        self.budget = getattr(limiter, "budget", None)
        self.pages = 0
        self.items = 0
        if self.budget is not None and expected is not None:
            self.budget.check(max(1, math.ceil(expected / page_size)),
                              what=f"this listing of about {expected} items at {page_size} per page")

    def stopped(self, refused: BudgetExceeded) -> BudgetExceeded:
        """The budget's refusal, saying how far the walk got (the refusal alone when it got nowhere)."""
        if not self.pages:
            return refused
        return BudgetExceeded(f"the listing stopped after {self.pages} pages ({self.items} items): {refused.message}")

    def count(self, rows: list) -> None:
        self.pages += 1
        self.items += len(rows)

    def repeated(self, rows: list, page: int) -> bool:
        ident = _identity(rows)
        if rows and ident == self.previous:
            log.warning("page %d repeats page %d; the server ignores paging, stopping", page, page - 1)
            return True
        self.previous = ident
        return False

    def done(self, rows: list, last: bool | None) -> bool:
        return last is True or len(rows) < self.page_size


class Pager(Generic[T]):
    """Every item of a paged listing; ``pages()`` yields page by page, ``first_page()`` takes one."""

    def __init__(self, fetch: Fetch, page_size: int, convert: Callable[[dict], T] = lambda x: x, start: int = 1,
                 limiter=None):
        self._fetch = fetch
        self.page_size = page_size
        self._convert = convert
        self._start = start
        self._limiter = limiter
        self._expected: int | None = None

    def expect(self, items: int) -> "Pager[T]":
        """Say how many items the listing holds (about), so a walk the request budget cannot cover is
        refused before the first request, with the time it would take."""
        self._expected = items
        return self

    def pages(self) -> Iterator[list[T]]:
        """Each page as a list, until the end."""
        walk = _Walk(self.page_size, self._limiter, self._expected)
        page = self._start
        while True:
            try:
                rows, last = self._fetch(page, self.page_size)
            except BudgetExceeded as refused:
                raise walk.stopped(refused) from None
            walk.count(rows)
            if walk.repeated(rows, page):
                return
            yield [self._convert(r) for r in rows]
            if walk.done(rows, last):
                return
            page += 1

    def __iter__(self) -> Iterator[T]:
        for rows in self.pages():
            yield from rows

    def first_page(self) -> list[T]:
        """Only the first page."""
        rows, _ = self._fetch(self._start, self.page_size)
        return [self._convert(r) for r in rows]

    def to_list(self) -> list[T]:
        """Every item, in a list."""
        return list(self)


class AsyncPager(Generic[T]):
    """The async twin of :class:`Pager`: ``async for item in pager``."""

    def __init__(self, fetch: AsyncFetch, page_size: int, convert: Callable[[dict], T] = lambda x: x, start: int = 1,
                 limiter=None):
        self._fetch = fetch
        self.page_size = page_size
        self._convert = convert
        self._start = start
        self._limiter = limiter
        self._expected: int | None = None

    def expect(self, items: int) -> "AsyncPager[T]":
        """Say how many items the listing holds (about); see :meth:`Pager.expect`."""
        self._expected = items
        return self

    async def pages(self) -> AsyncIterator[list[T]]:
        """Each page as a list, until the end."""
        walk = _Walk(self.page_size, self._limiter, self._expected)
        page = self._start
        while True:
            try:
                rows, last = await self._fetch(page, self.page_size)
            except BudgetExceeded as refused:
                raise walk.stopped(refused) from None
            walk.count(rows)
            if walk.repeated(rows, page):
                return
            yield [self._convert(r) for r in rows]
            if walk.done(rows, last):
                return
            page += 1

    async def __aiter__(self) -> AsyncIterator[T]:
        async for rows in self.pages():
            for row in rows:
                yield row

    async def first_page(self) -> list[T]:
        """Only the first page."""
        rows, _ = await self._fetch(self._start, self.page_size)
        return [self._convert(r) for r in rows]

    async def to_list(self) -> list[T]:
        """Every item, in a list."""
        return [item async for item in self]
