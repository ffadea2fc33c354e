"""The Clockify provider: a complete, typed client (sync and async) and its models."""

from punchclock.providers.clockify.client import AsyncClockify, Clockify

__all__ = ["Clockify", "AsyncClockify"]
