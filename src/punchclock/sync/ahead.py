"""Reading ahead: the parts of a stream fetched on threads, several at once, while the runner commits
what came before, in order.

A stream's read is a sequence of parts (one member's time entries, or the whole listing), each an
iterator of batches. :func:`ahead` starts up to ``workers`` parts at once, each on its own thread and
at most ``depth`` batches ahead of the reader, and yields their batches in part order: requests go
out concurrently (the shared limiter keeps them at its rate) and fetching overlaps committing, while
commits, and so resume points, keep the order a plain loop would have. Memory stays bounded by
``workers * (depth + 1)`` batches whatever the workspace's size.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

_END = object()
_POLL = 0.05  # how often a worker blocked on a full queue checks whether the reader gave up


class _Part:
    """One part running on its thread, handing its items over through a bounded queue."""

    def __init__(self, make: Callable[[], Iterable[T]], depth: int, stop: threading.Event):
        self.items: queue.Queue = queue.Queue(maxsize=depth)
        self.stop = stop
        self.thread = threading.Thread(target=self._work, args=(make,), name="sync-fetch", daemon=True)
        self.thread.start()

    def _put(self, item) -> bool:
        while not self.stop.is_set():
            try:
                self.items.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def _work(self, make: Callable[[], Iterable[T]]) -> None:
        try:
            for item in make():
                if not self._put(item):
                    return
            self._put(_END)
        except BaseException as exc:  # noqa: BLE001 (handed to the reader, raised there in order)
            self._put(exc)

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self.items.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item


def ahead(parts: Iterable[Callable[[], Iterable[T]]], workers: int = 4, depth: int = 1) -> Iterator[T]:
    """Every item of every part, in part order, with up to ``workers`` parts fetched at once on threads
    (each ``depth`` items ahead at most). A part's error is raised when the reader reaches it. A reader
    that stops early stops the threads without waiting for them: each ends after the request it is
    making (or waiting to make, under a request budget) and hands nothing more over."""
    stop = threading.Event()
    running: deque[_Part] = deque()  # started and not yet read to the end, the one being read first
    todo = iter(parts)
    try:
        while True:
            for make in todo:
                running.append(_Part(make, max(1, depth), stop))
                if len(running) >= max(1, workers):
                    break
            if not running:
                return
            yield from running[0]
            running.popleft()
    finally:
        stop.set()
