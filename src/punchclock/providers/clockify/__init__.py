"""The Clockify provider: a complete, typed client (sync and async) and its models."""

from punchclock.providers.clockify.client import AsyncClockify, Clockify
from punchclock.providers.clockify.requests import EntryChange

__all__ = ["Clockify", "AsyncClockify", "EntryChange"]
