"""A progress bar per stream while ``punch sync`` runs on a terminal (rich); nothing when the output is
not a terminal, where each stream's result line and the summary are all that is printed.

The bars count requests against the plan's estimate (rows are unknown until read), and show the
rows committed so far.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from punchclock.sync.runner import StreamResult, Watcher


class Bars(Watcher):
    """One rich progress bar per stream step, on ``console`` (stderr by default)."""

    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.progress = Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("req  {task.fields[rows]} rows"), TimeElapsedColumn(),
                                 console=self.console, transient=False)
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> "Bars":
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def started(self, step) -> None:
        """A bar for the step, sized by the plan's estimate of its requests."""
        name = ",".join(step.streams)
        self.tasks[name] = self.progress.add_task(name, total=max(1, step.estimate.requests), rows=0)

    def advanced(self, result: StreamResult) -> None:
        """Requests and rows so far (a bar grows its total when the estimate was a minimum)."""
        task = self.tasks.get(result.stream)
        if task is None:
            return
        total = self.progress.tasks[task].total or 0
        self.progress.update(task, completed=result.requests, total=max(total, result.requests), rows=result.rows)

    def finished(self, result: StreamResult) -> None:
        """The bar completes (a skipped or unavailable stream gets no bar)."""
        task = self.tasks.get(result.stream)
        if task is not None:
            done = max(result.requests, 1)
            self.progress.update(task, completed=done, total=done, rows=result.rows)


def bars_for(stream) -> Bars | None:
    """Bars when ``stream`` (the output) is a terminal, else None (quiet)."""
    isatty = getattr(stream, "isatty", None)
    return Bars() if isatty is not None and isatty() else None
