"""What reports answer: plain frozen dataclasses the CLI, the exports and the dashboard read.

Durations are integer seconds. Money is integer cents (minor units) per currency: an entry earns
``seconds x rate / 3600`` when billable and costs ``seconds x cost rate / 3600`` always; a group
sums its entries' unrounded products and rounds once, so rounded rows may differ from the rounded
total by a cent (Toggl documents the same rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

#: What a summary can be grouped by, up to three levels, outermost first.
GROUPS = ("project", "client", "user", "tag", "task", "day", "week", "month")
#: How an entry's duration is rounded before it is summed.
ROUNDING_MODES = ("up", "down", "nearest")


@dataclass(frozen=True)
class Rounding:
    """Round each entry's duration to ``minutes`` (``up``, ``down`` or ``nearest``) before summing,
    like Clockify's workspace rounding; ``minutes=0`` keeps exact seconds."""

    minutes: int = 0
    mode: str = "nearest"

    @classmethod
    def parse(cls, text: str | None) -> Rounding:
        """``15``, ``up:15``, ``down:6`` or ``nearest:30``; None or ``""`` means no rounding."""
        if not text:
            return cls()
        mode, _, minutes = text.strip().lower().rpartition(":")
        mode = mode or "nearest"
        if mode not in ROUNDING_MODES or not minutes.isdigit() or not 0 < int(minutes) <= 24 * 60:
            raise ValueError(f"rounding {text!r} is not MINUTES or up|down|nearest:MINUTES (e.g. up:15)")
        return cls(int(minutes), mode)

    def __str__(self) -> str:
        return f"{self.mode}:{self.minutes}" if self.minutes else "none"


@dataclass(frozen=True)
class Money:
    """Cents per currency (``""`` when the rate had no currency)."""

    cents: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int | None:
        """The amount when there is at most one currency (0 for none), else None."""
        return sum(self.cents.values()) if len(self.cents) <= 1 else None

    @property
    def currency(self) -> str | None:
        """The one currency, or None for none or several."""
        return next(iter(self.cents)) if len(self.cents) == 1 else None

    def text(self) -> str:
        """``1234.50 USD`` (several currencies joined by ``; ``; ``""`` when empty)."""
        return "; ".join(f"{cents / 100:.2f} {cur}".rstrip() for cur, cents in sorted(self.cents.items()))


@dataclass(frozen=True)
class Row:
    """One group of a summary at ``level`` (1 = outermost): its keys and names from the outermost
    level down; a row above the innermost level is the subtotal of the rows below it."""

    level: int
    keys: tuple[str, ...]
    names: tuple[str, ...]
    seconds: int
    billable_seconds: int
    entries: int
    earned: Money
    cost: Money

    @property
    def key(self) -> str:
        """This row's own key (its innermost one)."""
        return self.keys[-1]

    @property
    def name(self) -> str:
        """This row's own name."""
        return self.names[-1]

    @property
    def non_billable_seconds(self) -> int:
        """Time that is not billable."""
        return self.seconds - self.billable_seconds


@dataclass(frozen=True)
class Totals:
    """A report's totals: every entry counted once, whatever its tags."""

    seconds: int = 0
    billable_seconds: int = 0
    entries: int = 0
    earned: Money = field(default_factory=Money)
    cost: Money = field(default_factory=Money)

    @property
    def non_billable_seconds(self) -> int:
        """Time that is not billable."""
        return self.seconds - self.billable_seconds


@dataclass(frozen=True)
class Window:
    """The range a report covers: ``[start, end)`` (aware UTC) whose days are read in ``tz``."""

    start: datetime
    end: datetime
    tz: str = "UTC"
    week_start: int = 0  # 0 = Monday ... 6 = Sunday


@dataclass(frozen=True)
class Report:
    """A summary: rows (each level's groups, outer rows before their children) and totals."""

    window: Window
    group_by: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: Totals
    rounding: Rounding = Rounding()
    billable: bool | None = None

    def leaves(self) -> list[Row]:
        """The innermost rows only."""
        return [r for r in self.rows if r.level == len(self.group_by)]

    def children(self, parent: Row | None = None) -> list[Row]:
        """The rows one level below ``parent`` (the outermost rows for None)."""
        level = 1 if parent is None else parent.level + 1
        prefix = () if parent is None else parent.keys
        return [r for r in self.rows if r.level == level and r.keys[:-1] == prefix]


@dataclass(frozen=True)
class Line:
    """One entry of a detailed listing, with the names of what it points at."""

    id: str
    start: datetime
    end: datetime
    seconds: int
    user: str
    project: str
    client: str
    task: str
    tags: tuple[str, ...]
    description: str
    billable: bool
    rate: int | None
    earned: int
    currency: str


@dataclass(frozen=True)
class Detailed:
    """A detailed listing: entries in start order (a page of them) and the totals of all."""

    window: Window
    lines: tuple[Line, ...]
    totals: Totals
    rounding: Rounding = Rounding()
    billable: bool | None = None


@dataclass(frozen=True)
class GridRow:
    """One row of a weekly grid: seconds per day of the range and in all."""

    key: str
    name: str
    days: tuple[int, ...]
    seconds: int


@dataclass(frozen=True)
class Grid:
    """A weekly grid (timesheet): one row per group, one column per local day of the range."""

    window: Window
    group: str
    days: tuple[date, ...]
    rows: tuple[GridRow, ...]
    day_totals: tuple[int, ...]
    totals: Totals
    rounding: Rounding = Rounding()
    billable: bool | None = None


@dataclass(frozen=True)
class Progress:
    """A project's estimate and budget and how much of them is used (None where it has none)."""

    project_id: str
    name: str
    client: str
    estimate_seconds: int | None
    used_seconds: int
    budget: int | None
    spent: int
    currency: str
    reset: str | None = None

    @property
    def estimate_used(self) -> float | None:
        """Percent of the time estimate used."""
        return 100 * self.used_seconds / self.estimate_seconds if self.estimate_seconds else None

    @property
    def budget_used(self) -> float | None:
        """Percent of the budget spent."""
        return 100 * self.spent / self.budget if self.budget else None

    @property
    def over(self) -> bool:
        """Whether the estimate or the budget is exceeded."""
        return any(used is not None and used > 100 for used in (self.estimate_used, self.budget_used))
