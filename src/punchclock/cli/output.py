"""Rendering listings: table (Rich), json and jsonl (the API's own shape), csv, md, ids.

A total line goes under tables only, never inside machine formats.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Callable, Sequence

FORMATS = ("table", "json", "jsonl", "csv", "md", "ids")


class Column:
    """One displayed column: a title and how to get its text from an item."""

    def __init__(self, title: str, get: Callable[[object], object], *, justify: str = "left", wrap: bool = True):
        self.title = title
        self.get = get
        self.justify = justify
        self.wrap = wrap

    def text(self, item) -> str:
        """The cell text for an item."""
        value = self.get(item)
        return "" if value is None else str(value)


def _wire(item) -> object:
    return item.to_wire() if hasattr(item, "to_wire") else item


def render(items: Sequence, columns: list[Column], fmt: str = "table", *, total: str | None = None,
           out=None, title: str | None = None) -> None:
    """Print ``items`` in ``fmt``; ``total`` is printed under a table only."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump([_wire(i) for i in items], out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "jsonl":
        for item in items:
            out.write(json.dumps(_wire(item), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.title for c in columns])
        writer.writerows([c.text(i) for c in columns] for i in items)
    elif fmt == "md":
        out.write("| " + " | ".join(c.title for c in columns) + " |\n")
        out.write("|" + "|".join(" ---: " if c.justify == "right" else " --- " for c in columns) + "|\n")
        for item in items:
            out.write("| " + " | ".join(c.text(item).replace("|", "\\|") for c in columns) + " |\n")
    elif fmt == "ids":
        for item in items:
            out.write(f"{getattr(item, 'id', None) or item.get('id')}\n")
    else:
        _table(items, columns, out, title)
        if total:
            out.write(total + "\n")


def _table(items, columns: list[Column], out, title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_edge=False, header_style="bold")
    for c in columns:
        table.add_column(c.title, justify=c.justify, overflow="fold", no_wrap=not c.wrap)
    for item in items:
        table.add_row(*(c.text(item) for c in columns))
    if not items:
        out.write("(nothing)\n")
        return
    buffer = io.StringIO()
    Console(file=buffer, width=max(80, _width(out)), no_color=not _is_tty(out), highlight=False).print(table)
    out.write(buffer.getvalue())


def _is_tty(out) -> bool:
    return hasattr(out, "isatty") and out.isatty()


def _width(out) -> int:
    import os
    import shutil

    if _is_tty(out) or os.environ.get("COLUMNS", "").isdigit():
        return shutil.get_terminal_size((120, 24)).columns
    return 120


def hours(seconds: float) -> str:
    """A duration as ``H:MM`` (e.g. ``7:05``)."""
    minutes = int(round(seconds / 60))
    return f"{minutes // 60}:{minutes % 60:02d}"


def collect(pages, label: str = "fetching") -> list:
    """Every item of a pager's ``pages()``; shows progress on a terminal once a second page is needed."""
    items: list = []
    progress = None
    try:
        for number, page in enumerate(pages, start=1):
            items.extend(page)
            if number == 1:
                continue
            if progress is None and sys.stderr.isatty():
                from rich.progress import Progress, SpinnerColumn, TextColumn

                progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True)
                progress.start()
                task = progress.add_task(label)
            if progress is not None:
                progress.update(task, description=f"{label}: page {number}, {len(items):,} rows")
    finally:
        if progress is not None:
            progress.stop()
    return items
