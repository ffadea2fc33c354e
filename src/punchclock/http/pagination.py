"""Iterators that walk every page of a listing (sync and async twins).

A page fetcher answers ``(rows, last)`` for a 1-indexed page, where ``last`` is the server's
``Last-Page`` flag or None. Walking stops on a short page, on ``last``, or when a page repeats the
previous one (a server that ignores paging), so a listing is never cut short and never loops.
"""

from __future__ import annotations

import logging
from typing import AsyncIterator, Awaitable, Callable, Generic, Iterator, TypeVar

T = TypeVar("T")
log = logging.getLogger("punchclock.http")

Fetch = Callable[[int, int], tuple[list, "bool | None"]]
AsyncFetch = Callable[[int, int], Awaitable[tuple[list, "bool | None"]]]


def _identity(rows: list) -> tuple:
    return tuple(r.get("id", repr(r)) if isinstance(r, dict) else getattr(r, "id", repr(r)) for r in rows)


class _Walk:
    """Bookkeeping shared by both pagers: when to stop."""

    def __init__(self, page_size: int):
        self.page_size = page_size
        self.previous: tuple | None = None

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

    def __init__(self, fetch: Fetch, page_size: int, convert: Callable[[dict], T] = lambda x: x, start: int = 1):
        self._fetch = fetch
        self.page_size = page_size
        self._convert = convert
        self._start = start

    def pages(self) -> Iterator[list[T]]:
        """Each page as a list, until the end."""
        walk = _Walk(self.page_size)
        page = self._start
        while True:
            rows, last = self._fetch(page, self.page_size)
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

    def __init__(self, fetch: AsyncFetch, page_size: int, convert: Callable[[dict], T] = lambda x: x, start: int = 1):
        self._fetch = fetch
        self.page_size = page_size
        self._convert = convert
        self._start = start

    async def pages(self) -> AsyncIterator[list[T]]:
        """Each page as a list, until the end."""
        walk = _Walk(self.page_size)
        page = self._start
        while True:
            rows, last = await self._fetch(page, self.page_size)
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
