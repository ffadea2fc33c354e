"""punchclock: get time-tracking data in and out of Clockify the way professionals need it."""

__version__ = "0.1.0"
__all__ = ["__version__"]
