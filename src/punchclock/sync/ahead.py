"""Reading ahead: the parts of a stream fetched on threads, several at once, while the runner commits
what came before, in order.

A stream's read is a sequence of parts (one member's time entries, or the whole listing), each an
iterator of batches. :func:`ahead` runs up to ``workers`` parts at once, each on its own thread and
at most ``depth`` batches ahead of the reader, and yields their batches in part order: requests go
out concurrently (the shared limiter keeps them at its rate) and fetching overlaps committing, while
commits, and so resume points, keep the order a plain loop would have. A part that has fetched
everything stops counting as running: the next part starts at once, from the finished part's own
thread, so requests keep going out while the reader is busy (committing) rather than waiting for
it to come back. Memory stays bounded whatever the workspace's size (or its members' sizes): at most
``workers * (depth + 1)`` parts are held, and their batches fetched but not yet read number at most
``workers * depth``, plus ``depth + 1`` of the part being read (which never waits on later parts for room).
Fetching starts when :func:`ahead` is called, not when its items are first asked for, and runs in
the caller's context (its request tally, :mod:`punchclock.http.tally`), whichever thread starts a part.
"""

from __future__ import annotations

import contextlib
import contextvars
import queue
import threading
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

_END = object()
_POLL = 0.05  # how often a worker blocked on a full queue checks whether the reader gave up


class _Room:
    """Items fetched and not yet read, over every part, kept to ``limit``: a part claims room before
    fetching each item (a request) and the reader frees it on taking the item. The part being read
    may always fetch, so the reader never waits on parts after it to make room."""

    def __init__(self, limit: int, stop: threading.Event):
        self.limit, self.stop, self.held = limit, stop, 0
        self.reading: object = None
        self.changed = threading.Condition()

    def claim(self, part: object) -> bool:
        """Wait for room for one more item of ``part`` and take it; False once the reader gave up."""
        with self.changed:
            while self.held >= self.limit and part is not self.reading:
                if self.stop.is_set():
                    return False
                self.changed.wait(_POLL)
            self.held += 1
            return not self.stop.is_set()

    def free(self) -> None:
        """One item was read (or never came)."""
        with self.changed:
            self.held -= 1
            self.changed.notify_all()

    def read(self, part: object) -> None:
        """The reader moves on to ``part``."""
        with self.changed:
            self.reading = part
            self.changed.notify_all()


class _Part:
    """One part running on its thread, handing its items over through a bounded queue as ``room``
    allows; ``finished`` is called (on that thread) once the part has fetched everything, before its
    end is handed over."""

    def __init__(self, make: Callable[[], Iterable[T]], depth: int, stop: threading.Event, room: _Room,
                 finished: Callable[[], None], context: contextvars.Context):
        self.items: queue.Queue = queue.Queue(maxsize=depth)
        self.stop, self.room, self.finished = stop, room, finished
        self.fetching = True
        self.thread = threading.Thread(target=context.copy().run, args=(self._work, make), name="sync-fetch",
                                       daemon=True)
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
        last: object = _END
        try:
            items = iter(make())
            while self.room.claim(self):
                try:
                    item = next(items)
                except BaseException:
                    self.room.free()
                    raise
                if not self._put(item):
                    return
            return  # the reader gave up
        except StopIteration:
            pass
        except BaseException as exc:  # noqa: BLE001 (handed to the reader, raised there in order)
            last = exc
        finally:
            self.fetching = False
        try:
            self.finished()
        except BaseException as exc:  # noqa: BLE001 (the next part could not start: raised in this one's place)
            last = exc
        self._put(last)

    def __iter__(self) -> Iterator[T]:
        while True:
            try:
                item = self.items.get(timeout=_POLL)
            except queue.Empty:
                if self.stop.is_set() and not self.thread.is_alive() and self.items.empty():
                    return  # stopped: the part hands nothing more over
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            self.room.free()
            yield item


def _failing(exc: BaseException) -> Callable[[], Iterable]:
    """A part that raises ``exc`` (listing the parts failed): the reader meets it after the parts before."""
    def make():
        raise exc
    return make


class Reading(Iterator[T]):
    """What :func:`ahead` answers: the items in part order, fetched from the moment it was made;
    ``close`` (or stopping a ``for`` over it early) stops the threads."""

    def __init__(self, parts: Iterable[Callable[[], Iterable[T]]], workers: int, depth: int):
        self.workers, self.depth = max(1, workers), max(1, depth)
        self.stop, self.lock = threading.Event(), threading.Lock()
        self.room = _Room(self.workers * self.depth, self.stop)
        self.held: deque[_Part] = deque()  # started and not yet read to the end, the one being read first
        self.todo = iter(parts)
        self.listed = False  # every part has been started
        self.context = contextvars.copy_context()  # the caller's: parts are listed and fetched in it
        self._fill()
        self._items = self._read()

    def _fill(self) -> None:
        with self.lock:
            while (not self.stop.is_set() and not self.listed and len(self.held) < self.workers * (self.depth + 1)
                   and sum(part.fetching for part in self.held) < self.workers):
                try:
                    make = self.context.run(next, self.todo, None)  # one lister at a time: under the lock
                except BaseException as exc:  # noqa: BLE001 (raised in its place by a part that fails)
                    make, self.listed = _failing(exc), True
                if make is None:
                    self.listed = True
                    return
                self.held.append(_Part(make, self.depth, self.stop, self.room, self._fill, self.context))

    def _read(self) -> Iterator[T]:
        try:
            while True:
                with self.lock:
                    if not self.held:
                        return
                    part = self.held[0]
                self.room.read(part)
                yield from part
                with self.lock:
                    self.held.popleft()
                self._fill()
        finally:
            self.stop.set()

    def __next__(self) -> T:
        return next(self._items)

    def close(self) -> None:
        """Stop reading: each thread ends after the request it is making and hands nothing more over."""
        self.stop.set()
        with contextlib.suppress(ValueError):  # being read on another thread: it ends on the stop instead
            self._items.close()


def ahead(parts: Iterable[Callable[[], Iterable[T]]], workers: int = 4, depth: int = 1) -> Reading[T]:
    """Every item of every part, in part order, with up to ``workers`` parts fetched at once on threads
    (each ``depth`` items ahead at most, ``workers * (depth + 1)`` parts held at most), starting now.
    A part's error (or the parts' own, when listing them fails) is raised when the reader reaches it.
    A reader that stops early (or closes it) stops the threads without waiting for them: each ends
    after the request it is making (or waiting to make, under a request budget) and hands nothing more over."""
    return Reading(parts, workers, depth)


class OneAhead:
    """``items`` made on a thread one ahead of their taker, handed over on a queue shared with other
    makers as ``(tag, ok, item)``: ``ok`` False hands over the end (``item`` None) or an error (the
    item). The first item is made at once, each next one when the taker asks (:meth:`more`, as it
    takes this one), so at most two are held. :meth:`close` lets the item being made finish and
    hands nothing more over."""

    def __init__(self, items: Iterable[T], out: queue.Queue, tag: object, name: str = "sync-stage"):
        self.source, self.out, self.tag = iter(items), out, tag
        self.asked: queue.Queue = queue.Queue()
        self.asked.put(True)
        threading.Thread(target=contextvars.copy_context().run, args=(self._work,), name=name, daemon=True).start()

    def _work(self) -> None:
        while self.asked.get():
            try:
                item = next(self.source)
            except StopIteration:
                self.out.put((self.tag, False, None))
                return
            except BaseException as exc:  # noqa: BLE001 (handed to the taker, raised there)
                self.out.put((self.tag, False, exc))
                return
            self.out.put((self.tag, True, item))
        close = getattr(self.source, "close", None)
        if close is not None:
            close()

    def more(self) -> None:
        """Make the next item (the taker has taken the last one)."""
        self.asked.put(True)

    def close(self) -> None:
        """Make no more."""
        self.asked.put(False)
