"""The client's contract around a request: errors mapped once and the key kept secret, 429 pauses,
gateway mode, and where settings come from. All over HTTP against the sandbox."""

from __future__ import annotations

import logging

import httpx
import pytest
from conftest import make_harness

from punchclock.errors import AuthenticationError, ConfigError, NotFound, PermissionDenied, PlanRequired, RateLimited
from punchclock.http import AdaptiveLimiter, ApiKeyAuth, HttpClient, RetryPolicy
from punchclock.providers.clockify.client import AsyncClockify, Clockify
from punchclock.sandbox.core.clock import SimulatedClock
from punchclock.sandbox.core.transport import SyncASGITransport

API = "http://sandbox/api/v1"
GATEWAY = "http://sandbox/clockify/api/v1"


@pytest.fixture
def h():
    """A fresh small sandbox."""
    return make_harness(entries=60)


def client_for(h, key: str, **settings) -> Clockify:
    """A sync client with ``key`` talking to the sandbox in process."""
    return Clockify(key, h.ws_id, base_url=settings.pop("base_url", API), transport=SyncASGITransport(h.app),
                    **settings)


def set_limits(h, **limits) -> None:
    """Configure the sandbox's limits through its admin endpoint."""
    with httpx.Client(transport=SyncASGITransport(h.app), base_url="http://sandbox") as admin:
        assert admin.post("/__sandbox__/limits", json=limits).status_code == 200


class Recording(httpx.BaseTransport):
    """Passes requests to the sandbox and keeps their headers, to see what went on the wire."""

    def __init__(self, app):
        self.inner = SyncASGITransport(app)
        self.headers: list[httpx.Headers] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Record the headers, then send."""
        self.headers.append(request.headers)
        return self.inner.handle_request(request)


# -- 6. errors -------------------------------------------------------------------------------

def test_a_wrong_key_fails_at_once_says_how_to_get_one_and_never_shows_the_key(h, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "Zq9" * 16
    client = client_for(h, wrong)
    with pytest.raises(AuthenticationError) as failed:
        client.user.me()
    assert h.app.stats.total == 1  # not retried
    error = failed.value
    assert error.status == 401 and error.code == 4003
    assert "Profile settings" in str(error) and "CLOCKIFY_API_KEY" in str(error)
    for text in (str(error), repr(error), repr(client), repr(client.auth), caplog.text,
                 *(repr(r.args) for r in caplog.records)):
        assert wrong not in text
    assert any(r.name.startswith(("httpx", "httpcore")) for r in caplog.records)  # DEBUG logs were on


def test_the_right_key_never_reaches_logs_or_reprs_either(h, caplog):
    caplog.set_level(logging.DEBUG)
    key = h.key()
    with client_for(h, key) as client:
        client.user.me()
        list(client.time_entries.list(size=10).first_page())
        shown = repr(client)
    assert key not in caplog.text and key not in shown
    assert all(key not in repr(r.args) for r in caplog.records)


def test_a_member_reading_someone_elses_entries_gets_permission_denied(h):
    with client_for(h, h.key("member")) as member:
        with pytest.raises(PermissionDenied) as denied:
            member.time_entries.list(h.user_id("owner")).to_list()
    assert type(denied.value) is PermissionDenied and denied.value.status == 403
    assert h.app.stats.by_status == {"403": 1}


def test_a_403_on_a_named_paid_feature_becomes_plan_required(h):
    path = f"/workspaces/{h.ws_id}/user/{h.user_id('owner')}/time-entries"
    with HttpClient(API, ApiKeyAuth(h.key("member")), limiter=AdaptiveLimiter(1000),
                    transport=SyncASGITransport(h.app)) as http:
        with pytest.raises(PlanRequired) as refused:
            http.request("GET", path, feature="CUSTOM_FIELDS")
    assert isinstance(refused.value, PermissionDenied)
    assert refused.value.feature == "CUSTOM_FIELDS" and "paid plan" in str(refused.value)
    assert h.app.stats.total == 1


def test_a_request_the_plan_refused_is_not_sent_again_for_an_hour():
    free = make_harness(entries=0, plan="free")
    now = [0.0]
    with client_for(free, free.key()) as first, client_for(free, free.key()) as second:
        assert first.limiter is second.limiter
        first.limiter.refusals.clock = lambda: now[0]
        with pytest.raises(PlanRequired):
            first.invoices.list().to_list()
        now[0] = 60.0
        with pytest.raises(PlanRequired) as again:
            second.invoices.list().to_list()
        assert free.app.stats.total == 1 and again.value.feature == "INVOICING"
        assert "refused 60 s ago" in str(again.value) and again.value.path.endswith("/invoices")
        first.tags.list().to_list()  # other requests still go
        assert free.app.stats.total == 2
        now[0] = 3600.0
        with pytest.raises(PlanRequired):
            first.invoices.list().to_list()
        assert free.app.stats.total == 3


def test_a_refusal_is_remembered_per_request_not_per_feature(h):
    """A member refused someone else's expense (403 under EXPENSES) may still file and delete their own."""
    theirs = next(e for e in h.ws().collection("expenses").values() if e["userId"] != h.user_id("member"))
    category = theirs["categoryId"]
    with client_for(h, h.key("member")) as member:
        with pytest.raises(PlanRequired):
            member.expenses.delete(theirs["id"])
        own = member.expenses.create(category, "2026-11-12", amount=500)
        member.expenses.delete(own.id)
    assert theirs["id"] in h.ws().collection("expenses") and own.id not in h.ws().collection("expenses")


def test_an_unknown_id_is_not_found_from_clockifys_400_code_501(h):
    with client_for(h, h.key()) as client:
        with pytest.raises(NotFound) as missing:
            client.time_entries.get("0" * 24)
    assert (missing.value.status, missing.value.code) == (400, 501)
    assert h.app.stats.total == 1


def simulated(h) -> tuple[SimulatedClock, AdaptiveLimiter]:
    """A simulated clock driving the sandbox's limits, and a limiter on the same clock."""
    clock = SimulatedClock()
    h.app.limiter.clock = clock
    return clock, AdaptiveLimiter(50, max_rate=50, clock=clock, sleep=clock.sleep)


def test_a_429_with_retry_after_pauses_the_shared_limiter_then_succeeds(h):
    set_limits(h, per_key_rate=1, retry_after=1)
    clock, limiter = simulated(h)
    first = client_for(h, h.key(), limiter=limiter)
    second = client_for(h, h.key(), limiter=limiter)
    first.user.me()
    started = clock.now
    second.user.me()  # refused once with Retry-After: 1, then sent again after the pause
    assert h.app.stats.by_status == {"200": 2, "429": 1}
    assert clock.now - started >= 1.0  # the pause Retry-After asked for, in simulated time
    assert limiter.limited == 1 and limiter.rate == 25.0  # and the rate was cut


def test_clients_for_one_key_and_workspace_share_one_limiter(h):
    first = client_for(h, h.key(), rate=50, max_rate=50)
    second = client_for(h, h.key(), rate=50, max_rate=50)
    assert first.limiter is second.limiter


def test_a_retry_after_beyond_the_policy_raises_rate_limited_at_once(h):
    set_limits(h, per_key_rate=1, retry_after=5)
    clock, limiter = simulated(h)
    with client_for(h, h.key(), limiter=limiter, retry=RetryPolicy(max_wait=2)) as client:
        client.user.me()
        started = clock.now
        with pytest.raises(RateLimited) as limited:
            client.user.me()
    assert limited.value.retry_after == 5 and clock.now - started < 1  # raised without waiting out the 5 s
    assert h.app.stats.by_status == {"200": 1, "429": 1}


# -- 7. gateway mode -------------------------------------------------------------------------

def test_gateway_mode_sends_a_bearer_token_and_the_connection(h):
    member = h.user_id("member")
    connection = h.info.connections[member]
    token = h.key("owner")
    wire = Recording(h.app)
    with Clockify(gateway_token=token, connection=connection, workspace=h.ws_id, base_url=GATEWAY,
                  transport=wire) as client:
        assert client.user.me().id == member  # the connection picks whose account acts
        mine = client.time_entries.list(size=200).to_list()
        shown = repr(client)
    assert mine and {e.user_id for e in mine} == {member}
    assert all(hd["authorization"] == f"Bearer {token}" and hd["maton-connection"] == connection
               and "x-api-key" not in hd for hd in wire.headers)
    assert token not in shown


def test_gateway_mode_works_for_the_async_client_too(h):
    import asyncio

    async def me():
        async with AsyncClockify(gateway_token=h.key(), connection=h.info.connections[h.user_id("admin")],
                                 base_url=GATEWAY, transport=httpx.ASGITransport(h.app)) as client:
            return (await client.user.me()).id

    assert asyncio.run(me()) == h.user_id("admin")


def test_direct_mode_against_the_gateway_path_fails_with_authentication_error(h):
    with client_for(h, h.key(), base_url=GATEWAY) as client:
        with pytest.raises(AuthenticationError) as failed:
            client.user.me()
    assert failed.value.code == 1000 and h.app.stats.total == 1


# -- 8. settings -----------------------------------------------------------------------------

def test_settings_from_the_environment(h, monkeypatch):
    monkeypatch.setenv("CLOCKIFY_API_KEY", h.key())
    monkeypatch.setenv("CLOCKIFY_WORKSPACE_ID", h.ws_id)
    monkeypatch.setenv("CLOCKIFY_BASE_URL", API + "/")
    monkeypatch.setenv("CLOCKIFY_REPORTS_URL", "http://sandbox/reports/v1")
    with Clockify(transport=SyncASGITransport(h.app)) as client:
        assert (client.base_url, client.reports_url) == (API, "http://sandbox/reports/v1")
        assert client.workspace_id == h.ws_id
        assert client.user.me().id == h.user_id()
        assert client.time_entries.list(size=5).first_page()


def test_arguments_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("CLOCKIFY_API_KEY", "k" * 48)
    monkeypatch.setenv("CLOCKIFY_BASE_URL", "http://sandbox/api/v1")
    monkeypatch.setenv("CLOCKIFY_REGION", "eu")
    with Clockify("explicit-key", base_url="https://example.test/api/v1", region="us") as client:
        assert client.auth.key == "explicit-key" and client.base_url == "https://example.test/api/v1"
        assert client.reports_url == "https://use2.clockify.me/report/v1"


def test_settings_from_a_toml_profile_with_the_environment_on_top(h, monkeypatch, tmp_path):
    config = tmp_path / "punchclock.toml"
    config.write_text(f'''
default_profile = "agency"

[profiles.agency]
api_key = "{h.key()}"
workspace = "{h.ws_id}"
base_url = "{API}"

[profiles.member]
api_key = "{h.key('member')}"
workspace = "{h.ws_id}"
base_url = "{API}"
''', encoding="utf-8")
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(config))
    with Clockify(transport=SyncASGITransport(h.app)) as client:
        assert client.user.me().id == h.user_id("owner")
    with Clockify(profile="member", transport=SyncASGITransport(h.app)) as client:
        assert client.user.me().id == h.user_id("member")
    monkeypatch.setenv("CLOCKIFY_API_KEY", h.key("admin"))
    with Clockify(transport=SyncASGITransport(h.app)) as client:
        assert client.user.me().id == h.user_id("admin")


def test_a_broken_profile_file_is_a_config_error(monkeypatch, tmp_path):
    config = tmp_path / "broken.toml"
    config.write_text("[profiles.default\napi_key = 1", encoding="utf-8")
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(config))
    with pytest.raises(ConfigError, match="cannot read"):
        Clockify()


@pytest.mark.parametrize("region, api, reports", [
    ("eu", "https://euc1.clockify.me/api/v1", "https://euc1.clockify.me/report/v1"),
    ("us", "https://use2.clockify.me/api/v1", "https://use2.clockify.me/report/v1"),
    (None, "https://api.clockify.me/api/v1", "https://reports.api.clockify.me/v1"),
])
def test_regions_pick_the_regional_hosts(region, api, reports):
    with Clockify("k" * 48, region=region) as client:
        assert (client.base_url, client.reports_url) == (api, reports)


def test_the_region_can_come_from_the_environment_and_a_wrong_one_is_refused(monkeypatch):
    monkeypatch.setenv("CLOCKIFY_REGION", "eu")
    monkeypatch.setenv("CLOCKIFY_API_KEY", "k" * 48)
    with Clockify() as client:
        assert client.base_url.startswith("https://euc1.clockify.me/")
    monkeypatch.delenv("CLOCKIFY_REGION")
    monkeypatch.delenv("CLOCKIFY_API_KEY")
    with pytest.raises(ConfigError, match="unknown region 'mars'"):
        Clockify("k" * 48, region="mars")


def test_no_key_anywhere_is_a_config_error_that_says_where_to_put_one():
    with pytest.raises(ConfigError) as missing:
        Clockify()
    message = str(missing.value)
    assert "api_key=" in message and "CLOCKIFY_API_KEY" in message and "punch login" in message


def test_an_answer_is_freed_as_soon_as_it_is_dropped(h):
    # httpx binds a response to a stream that refers back to it: without unbinding, every answer (and
    # its body: a sync's pages) would wait for the garbage collector, which rarely runs while a sync
    # allocates mostly strings
    import gc
    import weakref

    path = f"/workspaces/{h.ws_id}/user/{h.user_id('owner')}/time-entries"
    with HttpClient(API, ApiKeyAuth(h.key("owner")), limiter=AdaptiveLimiter(1000),
                    transport=SyncASGITransport(h.app)) as http:
        gc.disable()
        try:
            response = http.request("GET", path)
            assert response.json()  # read: the body is held until the answer is dropped
            gone = weakref.ref(response)
            del response
            assert gone() is None
        finally:
            gc.enable()
