"""Naming things by name: an id, an exact name, a unique prefix, or a close match.

People type ``punch start -p web`` rather than 24-hex ids. A name resolves when it is an id, an
exact (case-insensitive) name, the prefix of exactly one name, or close to exactly one name;
otherwise the error lists the candidates so the fix is obvious.
"""

from __future__ import annotations

import difflib
import re
from typing import Callable, Iterable, TypeVar

from punchclock.errors import InvalidInput
from punchclock.timeutil import short

T = TypeVar("T")


def normal(text: str) -> str:
    """A name as matching sees it: lower case, punctuation as spaces, single spaces (``Internal: Admin``
    -> ``internal admin``)."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.lower()).split())


def _words_match(query: list[str], words: list[str]) -> bool:
    """Every query word starts a different name word, in order (a trailing word that fits none fails)."""
    at = 0
    for wanted in query:
        while at < len(words) and not words[at].startswith(wanted):
            at += 1
        if at == len(words):
            return False
        at += 1
    return True


def resolve(query: str, items: Iterable[T], kind: str, *, name: Callable[[T], str] = lambda x: x.name,
            ident: Callable[[T], str] = lambda x: x.id) -> T:
    """The one item ``query`` names, or :class:`InvalidInput` saying why not (unknown or ambiguous).

    Tried in turn: the id; the exact name (case and punctuation aside); a name prefix; names whose
    words the query's words start, in order; a close spelling ("did you mean").
    """
    rows = list(items)
    text = (query or "").strip()
    if not text:
        raise InvalidInput(kind, "needs a name or id")
    shown = short(text)
    for row in rows:
        if ident(row) == text:
            return row
    wanted = normal(text)
    exact = [r for r in rows if normal(name(r)) == wanted] if wanted else []
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InvalidInput(kind, f"{shown} names {len(exact)} {kind}s; use an id: {_listing(exact, name, ident)}")
    prefixed = [r for r in rows if wanted and normal(name(r)).startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise InvalidInput(kind, f"{shown} is ambiguous: {_listing(prefixed, name, ident)}")
    words = [r for r in rows if wanted and _words_match(wanted.split(), normal(name(r)).split())]
    if len(words) == 1:
        return words[0]
    names = {normal(name(r)): r for r in rows}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.75)
    if len(close) == 1 and not words:
        return names[close[0]]
    hint = f"; did you mean {' or '.join(repr(name(names[c])) for c in close)}?" if close else ""
    if len(words) > 1:
        hint = f"; it matches words of {_listing(words, name, ident)}"
    raise InvalidInput(kind, f"no {kind} named {shown}{hint}")


def _listing(rows: list, name, ident, most: int = 5) -> str:
    shown = ", ".join(f"{name(r)!r} ({ident(r)})" for r in rows[:most])
    return shown + (f" and {len(rows) - most} more" if len(rows) > most else "")
