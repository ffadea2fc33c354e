"""The provider-neutral HTTP core: auth, one status-to-error mapping, a shared adaptive limiter,
retries that never repeat a create, and page iterators. Providers build their clients on it."""

from punchclock.http.auth import ApiKeyAuth, BearerAuth
from punchclock.http.client import AsyncHttpClient, HttpClient
from punchclock.http.limiter import AdaptiveLimiter, RequestBudget, shared_limiter
from punchclock.http.pagination import AsyncPager, Pager
from punchclock.http.retry import RetryPolicy

__all__ = [
    "ApiKeyAuth", "BearerAuth", "HttpClient", "AsyncHttpClient", "AdaptiveLimiter", "RequestBudget",
    "shared_limiter", "Pager", "AsyncPager", "RetryPolicy",
]
