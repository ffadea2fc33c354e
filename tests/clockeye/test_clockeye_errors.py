"""Both of ClockEye's error shapes (nested and flat) become the same punchclock errors with the
server's message intact; a refused key says how to set CLOCKEYE_API_KEY; a wrong scheme says Bearer."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from clockeye_harness import BASE, make_harness

from punchclock.errors import AuthenticationError, BadRequest, NotFound, PermissionDenied
from punchclock.http import HttpClient
from punchclock.http.auth import BearerAuth
from punchclock.providers.clockeye import ClockEye
from punchclock.providers.clockeye.errors import ERRORS
from punchclock.sandbox.core.transport import SyncASGITransport

STYLES = ("nested", "flat")


@pytest.fixture(scope="module")
def sandboxes():
    """One sandbox per error style, otherwise identical."""
    return {style: make_harness(entries=40, error_style=style) for style in STYLES}


def outcome(call) -> tuple:
    """What a failing call raised: class, status, code, message."""
    with pytest.raises(Exception) as failed:
        call()
    error = failed.value
    return type(error), error.status, error.code, error.message


def failures(h) -> dict[str, tuple]:
    """Each kind of refusal the typed client can meet, as :func:`outcome` records it."""
    with h.client("member") as member, h.client() as owner:
        return {
            "404 unknown entry": outcome(lambda: owner.time_entries.get("te_0000000000")),
            "404 no timer": outcome(lambda: owner.time_entries.stop()),
            "400 unknown project": outcome(lambda: owner.time_entries.create(
                "x", start_time=datetime(2026, 11, 2, 9, tzinfo=UTC), project_id="prj_0000000000")),
            "400 missing start_time": outcome(lambda: member._http.request(
                "POST", "/time-entries", json={"description": "no start"})),
            "403 member lists everyone": outcome(lambda: member.time_entries.list("all").to_list()),
            "403 member creates a project": outcome(lambda: member.projects.create("Mine")),
        }


def test_nested_and_flat_bodies_give_the_same_errors_with_the_message_intact(sandboxes):
    nested, flat = (failures(sandboxes[style]) for style in STYLES)
    assert nested == flat
    expected = {"404 unknown entry": (NotFound, 404, "not_found"), "404 no timer": (NotFound, 404, "not_found"),
                "400 unknown project": (BadRequest, 400, "invalid_request"),
                "400 missing start_time": (BadRequest, 400, "invalid_request"),
                "403 member lists everyone": (PermissionDenied, 403, "forbidden"),
                "403 member creates a project": (PermissionDenied, 403, "forbidden")}
    assert {name: got[:3] for name, got in nested.items()} == expected
    assert nested["400 missing start_time"][3] == "The start_time field is required"
    assert nested["404 unknown entry"][3] == "Time entry te_0000000000 not found"
    assert "prj_0000000000" in nested["400 unknown project"][3]


@pytest.mark.parametrize("style", STYLES)
def test_an_unknown_key_says_how_to_set_clockeye_api_key(sandboxes, style):
    h = sandboxes[style]
    with ClockEye("cek_" + "x" * 32, base_url=BASE, transport=SyncASGITransport(h.app), limiter=h.limiter()) as bad:
        kind, status, code, message = outcome(bad.users.me)
    assert (kind, status, code) == (AuthenticationError, 401, "unauthorized")
    assert message == f"Invalid API key. {ERRORS.key_help}" and "CLOCKEYE_API_KEY" in message
    assert "x" * 32 not in message


@pytest.mark.parametrize("scheme", ["bearer", "x-api-key"])
def test_both_supported_schemes_reach_the_api(sandboxes, scheme):
    h = sandboxes["nested"]
    with h.client("admin", auth_scheme=scheme) as client:
        assert client.users.me().id == h.user_id("admin")


@dataclass(frozen=True)
class TokenAuth:
    """A key sent as ``Authorization: Token <key>``: the wrong scheme for ClockEye."""

    key: str

    def headers(self) -> dict[str, str]:
        """The wrongly schemed header."""
        return {"Authorization": f"Token {self.key}"}


@pytest.mark.parametrize("style", STYLES)
def test_a_key_sent_with_the_wrong_scheme_is_refused_saying_the_scheme_must_be_bearer(sandboxes, style):
    h = sandboxes[style]
    key = h.key()
    with HttpClient(BASE, TokenAuth(key), limiter=h.limiter(), transport=SyncASGITransport(h.app),
                    error_style=ERRORS) as http:
        kind, status, code, message = outcome(lambda: http.request("GET", "/users/me"))
    assert (kind, status, code) == (AuthenticationError, 401, "unauthorized")
    assert "scheme must be Bearer" in message and "CLOCKEYE_API_KEY" in message and key not in message
    with HttpClient(BASE, BearerAuth(key), limiter=h.limiter(), transport=SyncASGITransport(h.app),
                    error_style=ERRORS) as http:
        assert http.request("GET", "/users/me").json()["data"]["id"] == h.user_id()  # same key, right scheme


def test_the_async_client_raises_the_same_errors(sandboxes):
    async def run(h):
        async with h.aclient() as client:
            try:
                await client.time_entries.get("te_0000000000")
            except NotFound as exc:
                return type(exc), exc.status, exc.code, exc.message

    assert run_both(run, sandboxes) == [(NotFound, 404, "not_found", "Time entry te_0000000000 not found")] * 2


def run_both(fn, sandboxes) -> list:
    """``fn(harness)`` awaited against the nested and the flat sandbox."""
    return [asyncio.run(fn(sandboxes[style])) for style in STYLES]
