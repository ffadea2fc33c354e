"""When and how long to wait before trying a request again.

Only requests that are safe to repeat are repeated: reads and full replaces on 5xx, timeouts and
dropped connections; anything, creates included, when the server said 429 (it did nothing) or the
connection never opened (nothing was sent). A create that may have reached the server is never
sent twice: its error is raised for the caller to reconcile.

``max_wait`` is the longest pause the caller will sit through (a ``Retry-After``, a limiter's
pause): a longer one ends the request at once with an error that says when to try again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from punchclock import errors

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass
class RetryPolicy:
    """Capped exponential backoff with full jitter."""

    attempts: int = 5
    base: float = 0.25
    cap: float = 8.0
    max_wait: float = 60.0
    rng: random.Random = field(default_factory=random.Random, repr=False)
    #: Tries in all for a request refused with 429 (nothing was done; each waits for the limiter,
    #: which slows down on every 429): a low server limit means waiting, not failing. None: 4 × attempts.
    rate_limited_attempts: int | None = None

    def should_retry(self, error: errors.PunchclockError, *, idempotent: bool, attempt: int) -> bool:
        """Whether a failed attempt (1-based ``attempt``) may be tried again."""
        if getattr(error, "retry_after", None) is not None and error.retry_after > self.max_wait:
            return False
        if isinstance(error, errors.RateLimited):
            return attempt < (self.rate_limited_attempts or 4 * self.attempts)
        if attempt >= self.attempts:
            return False
        if isinstance(error, errors.TransportError):
            return idempotent or not error.sent
        if isinstance(error, errors.ServerError):
            return idempotent
        return False

    def delay(self, attempt: int, error: errors.PunchclockError | None = None) -> float:
        """Seconds to wait before attempt ``attempt + 1``; a server's ``Retry-After`` is a floor."""
        backoff = self.rng.uniform(0, min(self.cap, self.base * (2 ** (attempt - 1))))
        hint = getattr(error, "retry_after", None)
        return max(backoff, hint) if hint is not None else backoff


def with_max_wait(policy: RetryPolicy, max_wait: float | None) -> RetryPolicy:
    """``policy`` with ``max_wait`` seconds as its longest pause (unchanged when None); a negative or
    non-number wait is refused."""
    if max_wait is None:
        return policy
    if isinstance(max_wait, bool) or not isinstance(max_wait, (int, float)) or not max_wait >= 0:
        raise errors.InvalidInput("max_wait", f"must be a number of seconds, 0 or more, not {max_wait!r}")
    return replace(policy, max_wait=float(max_wait))
