"""The provider-neutral HTTP core: auth, one status-to-error mapping, a shared adaptive limiter,
retries that never repeat a create, and page iterators. Providers build their clients on it.

The names below are imported from their modules on first use, so that a module needing one small
piece (``punchclock.http.auth.mask`` for the config) does not load httpx with the package.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what type checkers see: the names themselves
    from punchclock.http.auth import ApiKeyAuth, BearerAuth
    from punchclock.http.client import AsyncHttpClient, HttpClient
    from punchclock.http.limiter import AdaptiveLimiter, RequestBudget, shared_limiter
    from punchclock.http.pagination import AsyncPager, Pager
    from punchclock.http.retry import RetryPolicy

_WHERE = {
    "ApiKeyAuth": "auth", "BearerAuth": "auth", "HttpClient": "client", "AsyncHttpClient": "client",
    "AdaptiveLimiter": "limiter", "RequestBudget": "limiter", "shared_limiter": "limiter",
    "Pager": "pagination", "AsyncPager": "pagination", "RetryPolicy": "retry",
}

__all__ = list(_WHERE)


def __getattr__(name: str):
    """One of :data:`__all__`, from its module."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
