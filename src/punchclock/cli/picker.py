"""A fuzzy list to pick from on a terminal: type to filter, arrows to move, Enter to pick, Esc to cancel.

Small on purpose (no extra dependency): the list is drawn on stderr, keys are read from stdin in a
mode without echo or line editing, and the terminal is put back as it was whatever happens. Esc,
Ctrl+C and Ctrl+D cancel (:class:`~punchclock.cli.errors.Cancelled`, exit 10, as at other prompts).
"""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from punchclock.cli.errors import Cancelled

T = TypeVar("T")

SHOWN = 8  # rows of the list on screen at once
UP, DOWN, ENTER, ESCAPE, BACKSPACE, CANCEL = "up", "down", "enter", "escape", "backspace", "cancel"
_KEYS = {"\x1b[A": UP, "\x1bOA": UP, "\x10": UP, "\x1b[B": DOWN, "\x1bOB": DOWN, "\x0e": DOWN,
         "\r": ENTER, "\n": ENTER, "\x1b": ESCAPE, "\x7f": BACKSPACE, "\x08": BACKSPACE, "\x03": CANCEL,
         "\x04": CANCEL}


def available() -> bool:
    """Whether there is a terminal to pick on (stdin to read keys, stderr to draw the list)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def score(query: str, label: str) -> tuple | None:
    """How well ``label`` fits ``query`` (lower sorts first), or None when it does not fit.

    Every query character must appear in the label in order (case and punctuation aside); labels
    that start with the query come first, then those containing it whole, then those where it
    starts words, then any in-order match, tighter spreads before looser ones.
    """
    from punchclock.resolve import normal

    wanted = "".join(normal(query).split())
    text = normal(label)
    if not wanted:
        return (0, 0)
    if text.replace(" ", "").startswith(wanted):
        return (0, 0)
    if wanted in text.replace(" ", ""):
        return (1, text.replace(" ", "").index(wanted))
    initials = "".join(word[0] for word in text.split())
    if initials.startswith(wanted):
        return (2, 0)
    at, first, last = 0, None, None
    for ch in wanted:
        at = text.find(ch, at)
        if at < 0:
            return None
        first = at if first is None else first
        last = at
        at += 1
    return (3, last - first)


def matches(query: str, items: Sequence[T], label: Callable[[T], str]) -> list[T]:
    """The items that fit ``query``, best first (ties keep their order)."""
    scored = [(score(query, label(item)), n, item) for n, item in enumerate(items)]
    return [item for fit, _, item in sorted((s for s in scored if s[0] is not None), key=lambda s: (s[0], s[1]))]


def pick(title: str, items: Sequence[T], label: Callable[[T], str]) -> T:
    """Let the person pick one of ``items`` on the terminal; raises :class:`Cancelled` on Esc or Ctrl+C."""
    import termios

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    mode = termios.tcgetattr(fd)
    mode[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG)  # keys one by one, no echo, Ctrl+C as a key
    mode[6][termios.VMIN], mode[6][termios.VTIME] = 1, 0
    screen = _Screen(sys.stderr)
    try:
        termios.tcsetattr(fd, termios.TCSADRAIN, mode)
        return _loop(title, list(items), label, _keys(fd), screen)
    finally:
        screen.clear()
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _loop(title: str, items: list[T], label: Callable[[T], str], keys: Iterator[str], screen: _Screen) -> T:
    """Filter and move on each key until Enter picks a row."""
    query, at = "", 0
    while True:
        shown = matches(query, items, label)
        at = min(at, max(0, len(shown) - 1))
        screen.draw(title, query, [label(item) for item in shown], at)
        key = next(keys)
        if key in (ESCAPE, CANCEL):
            raise Cancelled()
        if key == ENTER and shown:
            return shown[at]
        if key == UP:
            at = max(0, at - 1)
        elif key == DOWN:
            at = min(len(shown) - 1, at + 1) if shown else 0
        elif key == BACKSPACE:
            query, at = query[:-1], 0
        elif len(key) == 1:
            query, at = query + key, 0


def _keys(fd: int) -> Iterator[str]:
    """Keys as they are typed (a lone Esc waits briefly for the rest of an arrow's sequence)."""
    while True:
        chunk = os.read(fd, 64).decode(errors="ignore")
        if not chunk:
            yield CANCEL  # the terminal has gone
            return
        if chunk.endswith("\x1b") and select.select([fd], [], [], 0.05)[0]:
            chunk += os.read(fd, 64).decode(errors="ignore")
        yield from split_keys(chunk)


def split_keys(chunk: str) -> list[str]:
    """What one read from the terminal holds: key names from ``_KEYS`` and typed characters, in order
    (other escape sequences, like Home or F1, and control characters are dropped)."""
    keys, at = [], 0
    while at < len(chunk):
        if chunk[at] == "\x1b" and chunk[at + 1:at + 2] in ("[", "O") and at + 2 < len(chunk):
            end = at + 2
            while chunk[at + 1] == "[" and end < len(chunk) - 1 and not "@" <= chunk[end] <= "~":
                end += 1  # a CSI sequence ends at its final byte
            keys.append(_KEYS.get(chunk[at:end + 1], ""))
            at = end + 1
            continue
        ch = chunk[at]
        keys.append(_KEYS.get(ch, ch if ch.isprintable() else ""))
        at += 1
    return [k for k in keys if k]


class _Screen:
    """The picker's lines on the terminal, redrawn in place."""

    def __init__(self, out):
        self.out = out
        self.lines = 0

    def draw(self, title: str, query: str, labels: list[str], at: int) -> None:
        """Show the prompt and the rows around the highlighted one."""
        import shutil

        room = max(20, shutil.get_terminal_size().columns - 1)  # a row that wraps would break the redraw
        first = max(0, min(at - SHOWN // 2, len(labels) - SHOWN))
        rows = [f"{title} (type to filter, arrows to move, Enter to pick, Esc to cancel)"[:room], f"> {query}"[:room]]
        for n, text in enumerate(labels[first:first + SHOWN], start=first):
            text = text[:room - 2]
            rows.append(("\033[7m> " + text + "\033[0m") if n == at else "  " + text)
        if not labels:
            rows.append("  (nothing matches)")
        elif len(labels) > SHOWN:
            rows.append(f"  ({len(labels)} match; {first + 1}-{min(first + SHOWN, len(labels))} shown)")
        self.clear()
        self.out.write("\n".join(rows) + "\n")
        self.out.flush()
        self.lines = len(rows)

    def clear(self) -> None:
        """Remove what was drawn."""
        if self.lines:
            self.out.write(f"\033[{self.lines}A\r\033[J")
            self.out.flush()
            self.lines = 0
