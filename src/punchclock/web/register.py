"""Webhook registration and the tokens the Clockify receiver accepts, all through the provider seam."""

from __future__ import annotations

from dataclasses import dataclass, field

from punchclock.errors import PunchclockError
from punchclock.providers.base import Provider
from punchclock.web.hooks import USEFUL_EVENTS

PATH = "/webhooks/clockify"


def receiver_url(base: str) -> str:
    """The receiver's URL for a public base URL (kept as is when it already names the receiver)."""
    base = base.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise PunchclockError(f"--register-webhooks needs an http(s) URL, not {base[:60]!r}")
    return base if base.endswith(PATH) else base + PATH


@dataclass
class Registration:
    """What registering did: events subscribed (new or already there), events left out and why."""

    url: str
    subscribed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reason: str = ""
    tokens: set[str] = field(default_factory=set)


def register(provider: Provider, base: str, events: tuple[str, ...] = USEFUL_EVENTS) -> Registration:
    """Subscribe ``events`` (most useful first) to the receiver at ``base``, reusing webhooks that already
    point there; the first refusal (a plan's webhook limit) leaves the remaining events out."""
    done = Registration(receiver_url(base))
    existing = {h.event: h for h in provider.webhooks() if h.url == done.url}
    for event in events:
        hook = existing.get(event)
        if hook is None and not done.skipped:
            try:
                hook = provider.create_webhook(f"punch web {event}"[:30], done.url, event)
            except PunchclockError as exc:
                done.reason = str(exc).splitlines()[0]
        if hook is None:
            done.skipped.append(event)
            continue
        done.subscribed.append(event)
        if hook.token:
            done.tokens.add(hook.token)
    return done


def known_tokens(provider: Provider) -> set[str]:
    """Tokens of the workspace's webhooks that point at a punch web receiver."""
    return {h.token for h in provider.webhooks() if h.token and h.url.rstrip("/").endswith(PATH)}
