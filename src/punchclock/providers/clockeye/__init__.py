"""The ClockEye provider: a typed client (sync and async) and its models."""

from punchclock.providers.clockeye.client import LIMITS, AsyncClockEye, ClockEye, window_limiter
from punchclock.providers.clockeye.models import Project, Screenshot, Summary, SummaryRow, TimeEntry, User

__all__ = ["ClockEye", "AsyncClockEye", "LIMITS", "window_limiter", "Project", "Screenshot", "Summary",
           "SummaryRow", "TimeEntry", "User"]
