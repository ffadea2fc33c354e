"""Naming things by name: an id, an exact name, a unique prefix, or a close match.

People type ``punch start -p web`` rather than 24-hex ids. A name resolves when it is an id, an
exact (case-insensitive) name, the prefix of exactly one name, or close to exactly one name;
otherwise the error lists the candidates so the fix is obvious.
"""

from __future__ import annotations

import difflib
from typing import Callable, Iterable, TypeVar

from punchclock.errors import InvalidInput

T = TypeVar("T")


def resolve(query: str, items: Iterable[T], kind: str, *, name: Callable[[T], str] = lambda x: x.name,
            ident: Callable[[T], str] = lambda x: x.id) -> T:
    """The one item ``query`` names, or :class:`InvalidInput` saying why not (unknown or ambiguous)."""
    rows = list(items)
    text = (query or "").strip()
    if not text:
        raise InvalidInput(kind, "needs a name or id")
    for row in rows:
        if ident(row) == text:
            return row
    lowered = text.lower()
    exact = [r for r in rows if name(r).lower() == lowered]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InvalidInput(kind, f"{text!r} names {len(exact)} {kind}s; use an id: {_listing(exact, name, ident)}")
    prefixed = [r for r in rows if name(r).lower().startswith(lowered)]
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise InvalidInput(kind, f"{text!r} is ambiguous: {_listing(prefixed, name, ident)}")
    words = [r for r in rows if any(w.startswith(lowered) for w in name(r).lower().split())]
    if len(words) == 1:
        return words[0]
    names = {name(r).lower(): r for r in rows}
    close = difflib.get_close_matches(lowered, list(names), n=3, cutoff=0.75)
    if len(close) == 1:
        return names[close[0]]
    hint = f"; did you mean {' or '.join(repr(names[c] and name(names[c])) for c in close)}?" if close else ""
    if len(words) > 1:
        hint = f"; it matches words of {_listing(words, name, ident)}"
    raise InvalidInput(kind, f"no {kind} named {text!r}{hint}")


def _listing(rows: list, name, ident, most: int = 5) -> str:
    shown = ", ".join(f"{name(r)!r} ({ident(r)})" for r in rows[:most])
    return shown + (f" and {len(rows) - most} more" if len(rows) > most else "")
