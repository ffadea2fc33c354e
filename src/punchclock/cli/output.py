"""Rendering listings: table, json and jsonl (the API's own shape), csv, md, ids, or a ``--template``.

Listings stream: rows are written as each page arrives, so the first rows are on screen while later
pages are still on their way. A table sizes its columns from the first page (and the terminal);
a longer value later is cut with ``…``. A total line goes under tables only, never inside machine
formats.
"""

from __future__ import annotations

import csv
import json
import string
import sys
from typing import Callable, Iterable, Sequence

FORMATS = ("table", "json", "jsonl", "csv", "md", "ids")
HOURS = ("clock", "decimal")


class Column:
    """One displayed column: a title and how to get its text from an item."""

    def __init__(self, title: str, get: Callable[[object], object], *, justify: str = "left", wrap: bool = True,
                 width: int | None = None):
        self.title = title
        self.get = get
        self.justify = justify
        self.wrap = wrap
        self.width = width

    @property
    def key(self) -> str:
        """The column's name in ``--fields`` and ``--template`` (``Start`` -> ``start``)."""
        return self.title.lower().replace(" ", "_")

    def text(self, item) -> str:
        """The cell text for an item."""
        value = self.get(item)
        return "" if value is None else str(value)


def choose(columns: list[Column], fields: str | None) -> list[Column]:
    """The columns ``--fields`` names (comma-separated, any order), or all of them."""
    from punchclock.errors import InvalidInput

    if not fields:
        return columns
    by_key = {c.key: c for c in columns}
    wanted = [f.strip().lower() for f in fields.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in by_key]
    if unknown or not wanted:
        raise InvalidInput("--fields", f"unknown field {unknown[0][:30]!r}; choose from {', '.join(by_key)}"
                           if unknown else f"name some of {', '.join(by_key)}")
    return [by_key[f] for f in wanted]


def check_template(template: str, columns: list[Column]) -> str:
    """Refuse a ``--template`` that names an unknown field or is not a format string."""
    from punchclock.errors import InvalidInput

    keys = {c.key for c in columns}
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise InvalidInput("--template", f"{exc} (write fields as {{start}}, literal braces as {{{{ }}}})") from None
    unknown = [n for n in names if n.split(".")[0].split("[")[0] not in keys]
    if unknown:
        raise InvalidInput("--template", f"unknown field {{{unknown[0][:30]}}}; use {', '.join(sorted(keys))}")
    return template.encode().decode("unicode_escape") if "\\" in template else template


class Subtotals:
    """A line under each run of table rows that share a key (a day, say), written as the key changes.

    ``line(key, rows)`` is the text; nothing is written when every row had the same key (the total
    under the table says it already).
    """

    def __init__(self, key: Callable[[object], object], line: Callable[[object, list], str]):
        self.key, self.line = key, line
        self.current: object = None
        self.rows: list = []
        self.runs = 0

    def lines(self, item) -> list[str]:
        """The subtotal to write before ``item`` (when it starts a new run), else nothing."""
        key = self.key(item)
        out = []
        if self.rows and key != self.current:
            out = [self.line(self.current, self.rows), ""]
            self.rows = []
        if not self.rows:
            self.current, self.runs = key, self.runs + 1
        self.rows.append(item)
        return out

    def last(self) -> list[str]:
        """The subtotal of the last run, when there was more than one."""
        return [self.line(self.current, self.rows)] if self.runs > 1 and self.rows else []


def _wire(item) -> object:
    return item.to_wire() if hasattr(item, "to_wire") else item


def render(items: Sequence, columns: list[Column], fmt: str = "table", *, total: str | None = None,
           out=None, title: str | None = None, template: str | None = None) -> None:
    """Print ``items`` in ``fmt``; ``total`` is printed under a table only."""
    stream([items], columns, fmt, total=(lambda rows: total) if total else None, out=out, title=title,
           template=template)


def stream(pages: Iterable[Sequence], columns: list[Column], fmt: str = "table", *,
           total: Callable[[list], str | None] | None = None, out=None, title: str | None = None,
           template: str | None = None, wire: Callable[[object], object] = _wire,
           subtotals: Subtotals | None = None) -> list:
    """Write each page's rows as it arrives; returns every row. ``total(rows)`` goes under a table,
    and so do ``subtotals`` (tables only, not with a template)."""
    out = out or sys.stdout
    rows: list = []
    writer = _Writer(columns, fmt, out, template, wire, subtotals if fmt == "table" and not template else None)
    if title and fmt == "table":
        out.write(title + "\n")
    for page in pages:
        writer.write(page)
        rows.extend(page)
        out.flush()
    writer.close()
    if fmt == "table" and not template:
        if not rows:
            out.write("(nothing)\n")
        elif total:
            line = total(rows)
            if line:
                out.write(line + "\n")
    return rows


class _Writer:
    """Writes rows of one format, page after page."""

    def __init__(self, columns: list[Column], fmt: str, out, template: str | None, wire,
                 subtotals: Subtotals | None = None):
        self.columns, self.fmt, self.out, self.template, self.wire = columns, fmt, out, template, wire
        self.subtotals = subtotals
        self.started = False
        self.widths: list[int] = []

    def write(self, page: Sequence) -> None:
        if not page:
            return
        if self.template is not None:
            for item in page:
                self.out.write(self.template.format(**{c.key: c.text(item) for c in self.columns}) + "\n")
            return
        getattr(self, f"_{self.fmt}")(page)
        self.started = True

    def close(self) -> None:
        if self.subtotals:
            self.out.write("".join(line + "\n" for line in self.subtotals.last()))
        if self.fmt == "json" and self.template is None:
            self.out.write("\n]\n" if self.started else "[]\n")

    def _json(self, page) -> None:
        for item in page:
            self.out.write(("[\n" if not self.started else ",\n") + _indent(json.dumps(self.wire(item), indent=2,
                                                                                       ensure_ascii=False)))
            self.started = True

    def _jsonl(self, page) -> None:
        self.out.write("".join(json.dumps(self.wire(item), ensure_ascii=False) + "\n" for item in page))

    def _csv(self, page) -> None:
        writer = csv.writer(self.out, lineterminator="\n")
        if not self.started:
            writer.writerow([c.title for c in self.columns])
        writer.writerows([c.text(i) for c in self.columns] for i in page)

    def _md(self, page) -> None:
        if not self.started:
            self.out.write("| " + " | ".join(c.title for c in self.columns) + " |\n")
            self.out.write("|" + "|".join(" ---: " if c.justify == "right" else " --- " for c in self.columns) + "|\n")
        for item in page:
            self.out.write("| " + " | ".join(c.text(item).replace("|", "\\|") for c in self.columns) + " |\n")

    def _ids(self, page) -> None:
        self.out.write("".join(f"{getattr(item, 'id', None) or item.get('id')}\n" for item in page))

    def _table(self, page) -> None:
        cells = [[c.text(i) for c in self.columns] for i in page]
        if not self.started:
            self.widths = _widths(self.columns, cells, _width(self.out))
            self.layout = _layout(self.columns, self.widths)
            self.out.write(self.layout([c.title for c in self.columns]) + "\n")
            self.out.write("  ".join("-" * w for w in self.widths).rstrip() + "\n")
        if self.subtotals is None:
            self.out.write("".join(self.layout(row) + "\n" for row in cells))
            return
        lines = []
        for item, row in zip(page, cells):
            lines.extend(self.subtotals.lines(item))
            lines.append(self.layout(row))
        self.out.write("".join(line + "\n" for line in lines))


def _indent(text: str) -> str:
    return "  " + text.replace("\n", "\n  ")


def _widths(columns: list[Column], cells: list[list[str]], room: int) -> list[int]:
    """Column widths that fit ``room``: each as wide as its widest cell, wrapping columns shrunk first."""
    widths = [max([len(c.title)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    widths = [min(w, c.width) if c.width else w for w, c in zip(widths, columns)]
    over = sum(widths) + 2 * (len(widths) - 1) - room
    shrinkable = sorted((i for i, c in enumerate(columns) if c.wrap), key=lambda i: -widths[i])
    while over > 0 and shrinkable:
        i = max(shrinkable, key=lambda j: widths[j])
        if widths[i] <= max(8, len(columns[i].title)):
            shrinkable.remove(i)
            continue
        widths[i] -= 1
        over -= 1
    return widths


def _layout(columns: list[Column], widths: list[int]) -> Callable[[list[str]], str]:
    """A function that lays out one row's cells at ``widths`` (cut with ``…`` where too long), made once
    per table: a listing of thousands of rows spends its time here."""
    pattern = "  ".join(f"{{:{'>' if c.justify == 'right' else '<'}{w}}}" for c, w in zip(columns, widths))
    pairs = list(enumerate(widths))

    def layout(cells: list[str]) -> str:
        for i, width in pairs:
            text = cells[i]
            if len(text) > width or "\n" in text:
                text = text.replace("\n", " ")
                cells[i] = text[:max(0, width - 1)] + "…" if len(text) > width else text
        return pattern.format(*cells).rstrip()

    return layout


def _is_tty(out) -> bool:
    return hasattr(out, "isatty") and out.isatty()


def _width(out) -> int:
    import os
    import shutil

    if _is_tty(out) or os.environ.get("COLUMNS", "").isdigit():
        return max(60, shutil.get_terminal_size((120, 24)).columns)
    return 120


def hours(seconds: float, style: str = "clock") -> str:
    """A duration as ``H:MM`` (``7:05``) or, with ``style="decimal"``, hours to two places (``7.08``)."""
    if style == "decimal":
        return f"{seconds / 3600:.2f}"
    minutes = int(round(seconds / 60))
    return f"{minutes // 60}:{minutes % 60:02d}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 entry``, ``2 entries``, ``0 projects``: the count and the word in the right number."""
    if count == 1:
        return f"1 {word}"
    if many is None:
        many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{count:,} {many}"


def progress(pages, label: str = "fetching"):
    """Pass a pager's pages through; on a terminal, show progress on stderr from the second page on."""
    shown = False
    count = 0
    try:
        for number, page in enumerate(pages, start=1):
            count += len(page)
            if number > 1 and sys.stderr.isatty():
                sys.stderr.write(f"\r{label}: page {number}, {count:,} rows")
                shown = True
            yield page
    finally:
        if shown:
            sys.stderr.write("\r\033[K")


def collect(pages, label: str = "fetching") -> list:
    """Every item of a pager's ``pages()`` (with progress on a terminal)."""
    return [item for page in progress(pages, label) for item in page]
