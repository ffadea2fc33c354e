"""Where a ClockEye client's settings come from, and clear one-line errors when they are unusable."""

from __future__ import annotations

import pytest

from punchclock.errors import ConfigError
from punchclock.http.auth import ApiKeyAuth, BearerAuth
from punchclock.providers.clockeye import ClockEye
from punchclock.providers.clockeye.settings import DEFAULT_BASE_URL, ENV, resolve

SECRET = "ce_live_0123456789abcdef"


@pytest.fixture(autouse=True)
def _no_clockeye_environment(monkeypatch):
    """No test here reads the developer's ``CLOCKEYE_*`` settings."""
    for name in ENV.values():
        monkeypatch.delenv(name, raising=False)


def test_arguments_win_over_the_environment_which_wins_over_defaults(monkeypatch):
    assert resolve(SECRET).base_url == DEFAULT_BASE_URL and resolve(SECRET).auth_scheme == "bearer"
    monkeypatch.setenv("CLOCKEYE_API_KEY", "from-env-key-123")
    monkeypatch.setenv("CLOCKEYE_BASE_URL", "http://localhost:9/api/v1/")
    monkeypatch.setenv("CLOCKEYE_AUTH", "X-API-Key")
    settings = resolve()
    assert (settings.api_key, settings.base_url, settings.auth_scheme) == (
        "from-env-key-123", "http://localhost:9/api/v1", "x-api-key")
    assert settings.auth() == ApiKeyAuth("from-env-key-123", header="X-API-Key")
    chosen = resolve(SECRET, "https://example.test/v1", "bearer")
    assert (chosen.api_key, chosen.base_url, chosen.auth()) == (SECRET, "https://example.test/v1", BearerAuth(SECRET))


@pytest.mark.parametrize("kwargs, env, message", [
    ({}, {}, "no ClockEye API key: pass api_key=... or set CLOCKEYE_API_KEY"),
    ({"api_key": SECRET, "auth_scheme": "basic"}, {}, "unknown ClockEye auth scheme 'basic'"),
    ({"api_key": SECRET}, {"CLOCKEYE_AUTH": "token"}, "unknown ClockEye auth scheme 'token'"),
    ({"api_key": SECRET, "base_url": "api.clockeye.ai/v1"}, {}, "must start with http:// or https://"),
])
def test_unusable_settings_fail_with_one_clear_line(monkeypatch, kwargs, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as failed:
        ClockEye(**kwargs)
    assert message in str(failed.value) and "\n" not in str(failed.value)


def test_the_key_never_shows_in_a_repr():
    client = ClockEye(SECRET)
    assert SECRET not in repr(client) and SECRET not in repr(client.settings)
    assert "…cdef" in repr(client)
    client.close()
