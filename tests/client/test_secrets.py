"""The API key never leaves through any channel, whatever fails.

After each failure mode (wrong key, a key with a line break inside or pasted with a trailing one,
a dropped connection, a 5xx, a 429, a timeout) every channel is searched for the key: the error's
str and repr and those of its whole chain (``__cause__``, ``__context__``, ``cause``), the formatted
traceback, every log record at DEBUG (httpx and httpcore included, over a real socket), and the
stdout and stderr of ``punch`` run as a user would (``PUNCH_DEBUG`` unset). The webhook receivers of
``punch web`` are searched the same way for Clockify's webhook token and ClockEye's signing secret after
each failed delivery (bad or missing signature, the secret sent as the signature, a malformed body), files
written (the store) included.
"""

from __future__ import annotations

import hmac
import logging
import traceback

import httpx
import pytest
from conftest import make_harness
from typer.testing import CliRunner

from punchclock.errors import (
    AuthenticationError,
    ConfigError,
    OutcomeUnknown,
    PunchclockError,
    RateLimited,
    ServerError,
    TransportError,
)
from punchclock.http import AdaptiveLimiter, RetryPolicy, shared_limiter
from punchclock.http.auth import ApiKeyAuth
from punchclock.providers.clockify.client import Clockify
from punchclock.sandbox.core.clock import SimulatedClock
from punchclock.sandbox.core.server import running

WRONG = "wrongKEYwrongKEYwrongKEY1234"


@pytest.fixture(scope="module")
def served():
    """A sandbox on a real socket (so httpx and httpcore log what they log)."""
    h = make_harness(entries=20)
    with running(h.app) as base:
        yield h, base


def configure(base: str, name: str, **body) -> None:
    """Set the sandbox's faults or limits (empty: none)."""
    httpx.post(f"{base}/__sandbox__/{name}", json=body).raise_for_status()


def chain_texts(exc: BaseException) -> list[str]:
    """str and repr of an error and of everything chained to it, and the formatted traceback."""
    texts, stack, seen = ["".join(traceback.format_exception(exc))], [exc], set()
    while stack:
        error = stack.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        texts += [str(error), repr(error), repr(error.args)]
        stack += [error.__cause__, error.__context__, getattr(error, "cause", None)]
    return texts


def leaks(secret: str, texts: list[str]) -> list[str]:
    """The texts that show the secret or a long piece of it."""
    pieces = {secret} | {secret[i:i + 12] for i in range(0, max(1, len(secret) - 12), 6)}
    return [t for t in texts if any(p in t for p in pieces)]


def fast_client(key: str, h, base: str, **settings) -> Clockify:
    """A client on simulated time (backoff and pauses cost nothing), one short real timeout."""
    clock = SimulatedClock()
    limiter = AdaptiveLimiter(1000, clock=clock, sleep=clock.sleep)
    return Clockify(key, h.ws_id, base_url=f"{base}/api/v1", limiter=limiter, timeout=0.2,
                    retry=RetryPolicy(attempts=3), **settings)


MODES = {
    # name: (key to use, sandbox faults, sandbox limits, expected error)
    "wrong key": ("wrong", {}, {}, AuthenticationError),
    "dropped connection": ("right", {"drop_rate": 1.0}, {}, TransportError),
    "5xx": ("right", {"error_rate": 1.0}, {}, ServerError),
    "429": ("right", {}, {"per_key_rate": 0.001, "retry_after": 3600}, RateLimited),
    "timeout": ("right", {"timeout_rate": 1.0, "timeout_seconds": 0.5}, {}, TransportError),
}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("operation", ["read", "create"])
def test_no_channel_shows_the_key_after_a_failure(served, mode, operation, caplog):
    h, base = served
    which, faults, limits, expected = MODES[mode]
    key = h.key() if which == "right" else WRONG
    configure(base, "faults", **faults)
    configure(base, "limits", **limits)
    try:
        with caplog.at_level(logging.DEBUG), fast_client(key, h, base, user_id=h.user_id()) as client:
            with pytest.raises(PunchclockError) as failed:
                client.user.me()  # the first 429 mode's request passes: the next is refused
                if operation == "read":
                    client.time_entries.list(size=10).first_page()
                else:
                    from datetime import UTC, datetime
                    client.time_entries.create(start=datetime(2026, 3, 2, 9, tzinfo=UTC), description="secret probe")
    finally:
        configure(base, "faults")
        configure(base, "limits")
    assert isinstance(failed.value, expected) or (operation == "create" and isinstance(failed.value, OutcomeUnknown))
    texts = chain_texts(failed.value) + [caplog.text] + [r.getMessage() for r in caplog.records]
    assert any("httpx" in r.name or "httpcore" in r.name for r in caplog.records)  # library logs were captured
    assert not leaks(key, texts), leaks(key, texts)[:1]


def test_a_key_with_a_line_break_inside_is_a_config_error_that_never_shows_it():
    key = "abcdEFGH1234ijklMNOP\n5678qrstUVWX"
    with pytest.raises(ConfigError, match="whitespace, control or non-ASCII") as refused:
        Clockify(key, "a" * 24, base_url="http://127.0.0.1:9/api/v1")
    assert not leaks(key.replace("\n", ""), chain_texts(refused.value))
    assert not leaks("abcdEFGH1234ijklMNOP", chain_texts(refused.value))
    for bad in ("key with space", "tab\there", "bell\x07", "caf\u00e9-key", ""):
        with pytest.raises(ConfigError):
            ApiKeyAuth(bad)


def test_a_key_pasted_with_a_trailing_line_break_is_stripped_and_works(served):
    h, base = served
    with fast_client(f"  {h.key()}\n", h, base) as client:
        assert client.auth.key == h.key()
        assert client.user.me().id == h.user_id()


CLI_MODES = {
    # name: (CLOCKIFY_API_KEY, faults, limits, exit code)
    "wrong key": (WRONG, {}, {}, 4),
    "line break inside": ("right-with-break", {}, {}, 3),
    "dropped connection": ("right", {"drop_rate": 1.0}, {}, 8),
    "5xx": ("right", {"error_rate": 1.0}, {}, 9),
    "429": ("right", {}, {"per_key_rate": 0.001, "retry_after": 3600}, 7),
}


@pytest.mark.parametrize("mode", list(CLI_MODES))
def test_punch_never_prints_or_logs_the_key_after_a_failure(served, mode, monkeypatch, caplog):
    h, base = served
    key_setting, faults, limits, code = CLI_MODES[mode]
    key = {"right": h.key(), "right-with-break": h.key()[:20] + "\n" + h.key()[20:]}.get(key_setting, key_setting)
    monkeypatch.delenv("PUNCH_DEBUG", raising=False)
    monkeypatch.setenv("CLOCKIFY_BASE_URL", f"{base}/api/v1")
    monkeypatch.setenv("CLOCKIFY_API_KEY", key)
    monkeypatch.setenv("CLOCKIFY_WORKSPACE_ID", h.ws_id)
    clock = SimulatedClock()
    if key_setting == "right":  # pace the CLI's shared limiter on simulated time (its retries wait)
        shared_limiter(ApiKeyAuth(key).fingerprint, h.ws_id,
                       lambda: AdaptiveLimiter(10, max_rate=50, clock=clock, sleep=clock.sleep))
    configure(base, "faults", **faults)
    configure(base, "limits", **limits)
    from punchclock.cli import app

    try:
        with caplog.at_level(logging.DEBUG):
            runner = CliRunner()
            result = runner.invoke(app, ["entries"])
            if mode == "429":
                result = runner.invoke(app, ["entries"])  # the first may pass; the second is refused
    finally:
        configure(base, "faults")
        configure(base, "limits")
    assert result.exit_code == code, result.output
    outputs = [result.output, result.stdout, result.stderr or "", caplog.text]
    pieces = [key.strip()] + [part for part in key.split("\n") if len(part) >= 12]
    assert not [p for p in pieces if any(p in text for text in outputs)]
    assert "Traceback" not in result.output


# -- webhook tokens: Clockify's per-webhook token and ClockEye's signing secret -------------------------

def files_text(root) -> list[str]:
    """Every file written under ``root`` (the store included), as text."""
    return [p.read_bytes().decode("latin-1") for p in root.rglob("*") if p.is_file()]


def test_no_channel_shows_a_clockify_webhook_token_after_a_failed_delivery(tmp_path, caplog):
    from tests.web.test_webhooks import subscribe
    from tests.web.web_harness import clockify_web

    web = clockify_web(tmp_path, entries=40)
    token = subscribe(web, ("NEW_TIME_ENTRY",))["NEW_TIME_ENTRY"]["authToken"]
    event = {"Clockify-Webhook-Event-Type": "NEW_TIME_ENTRY", "Content-Type": "application/json"}
    good = b'{"id": "65a000000000000000000001", "workspaceId": "x"}'
    failures = {
        "wrong signature": (good, {**event, "Clockify-Signature": token[:-2] + "zz"}),
        "no signature": (good, event),
        "malformed body": (b"{not json " + token.encode(), {**event, "Clockify-Signature": token}),
        "no event type": (good, {"Clockify-Signature": token}),
        "unknown event": (good, {**event, "Clockify-Webhook-Event-Type": "NOPE", "Clockify-Signature": token}),
    }
    texts = []
    with caplog.at_level(logging.DEBUG), web.client() as client:
        for name, (body, headers) in failures.items():
            reply = client.post("/webhooks/clockify", content=body, headers=headers)
            assert reply.status_code < 500 and (reply.status_code == 401) == ("signature" in name), name
            texts += [reply.text, str(reply.headers)]
    web.board.store.close()
    texts += [caplog.text, *(r.getMessage() for r in caplog.records), *files_text(tmp_path)]
    assert not leaks(token, texts), leaks(token, texts)[:1]


def test_no_channel_shows_the_clockeye_webhook_secret_after_a_failed_delivery(tmp_path, caplog):
    from tests.web.web_harness import clockeye_web

    secret = "ceWebhookSecret-0123456789abcdef"
    web = clockeye_web(tmp_path, secret=secret, entries=30)
    good, bad = b'{"event": "time_entry.created", "data": {"id": "1"}}', b"{" + secret.encode()
    failures = {
        "wrong signature": (good, "sha256=" + "0" * 64),
        "the secret as the signature": (good, secret),
        "no signature": (good, None),
        "malformed body": (bad, "sha256=" + hmac.new(secret.encode(), bad, "sha256").hexdigest()),
    }
    texts = []
    with caplog.at_level(logging.DEBUG), web.client() as client:
        for name, (body, signature) in failures.items():
            headers = {"Content-Type": "application/json", **({"X-ClockEye-Signature": signature} if signature else {})}
            reply = client.post("/webhooks/clockeye", content=body, headers=headers)
            assert reply.status_code < 500 and (reply.status_code == 401) == ("signature" in name), name
            texts += [reply.text, str(reply.headers)]
    web.board.store.close()
    texts += [caplog.text, *(r.getMessage() for r in caplog.records), *files_text(tmp_path)]
    assert not leaks(secret, texts), leaks(secret, texts)[:1]
