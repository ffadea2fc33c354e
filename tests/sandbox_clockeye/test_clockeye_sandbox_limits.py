"""ClockEye's per-key windows (100 a minute, 5,000 an hour, 50,000 a day) and their headers, on a
simulated clock."""

from __future__ import annotations

import math

import pytest

from clockeye_sandbox import make_sandbox
from punchclock.sandbox.core.limits import Limits


@pytest.fixture
def sandbox():
    return make_sandbox(entries=20)


def limit_headers(resp) -> tuple[int, int, int]:
    h = resp.headers
    return int(h["X-RateLimit-Limit"]), int(h["X-RateLimit-Remaining"]), int(h["X-RateLimit-Reset"])


def test_every_answer_carries_the_headers_and_remaining_counts_down(sandbox):
    with sandbox.client() as owner:
        first = owner.get("/users/me")
        sandbox.clock.now += 1
        second = owner.get("/projects")
        refused = owner.post("/time-entries", json={})
    assert limit_headers(first) == (100, 99, math.ceil(sandbox.clock.now - 1 + 60))
    assert limit_headers(second)[:2] == (100, 98)
    assert refused.status_code == 400 and limit_headers(refused)[:2] == (100, 97)
    with sandbox.client(None) as anonymous:
        resp = anonymous.get("/users/me")
    assert resp.status_code == 401 and limit_headers(resp)[:2] == (100, 100)


def test_the_101st_request_in_a_minute_is_429_until_reset(sandbox):
    with sandbox.client() as owner:
        statuses = []
        for _ in range(100):
            statuses.append(owner.get("/users/me").status_code)
            sandbox.clock.now += 0.25
        assert statuses == [200] * 100
        refused = owner.get("/users/me")
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limit_exceeded"
        limit, remaining, reset = limit_headers(refused)
        assert (limit, remaining) == (100, 0)
        retry_after = int(refused.headers["Retry-After"])
        assert retry_after == math.ceil(reset - sandbox.clock.now) > 0
        sandbox.clock.now = reset - 1
        assert owner.get("/users/me").status_code == 429
        sandbox.clock.now = reset
        freed = owner.get("/users/me")
        assert freed.status_code == 200 and limit_headers(freed)[1] == 0


def test_a_refused_request_is_not_counted_and_stores_nothing(sandbox):
    with sandbox.admin() as admin:
        admin.post("/limits", json={"per_minute": 2})
    before = len(sandbox.backend.state.entries)
    body = {"description": "x", "start_time": "2026-11-18T10:00:00Z", "end_time": "2026-11-18T11:00:00Z"}
    with sandbox.client() as owner:
        assert [owner.post("/time-entries", json=body).status_code for _ in range(4)] == [201, 201, 429, 429]
        sandbox.clock.now += 60
        assert owner.get("/users/me").status_code == 200
    assert len(sandbox.backend.state.entries) == before + 2


def test_limits_are_per_key_whatever_header_carries_it(sandbox):
    with sandbox.admin() as admin:
        admin.post("/limits", json={"per_minute": 3})
    with sandbox.client("owner") as bearer, sandbox.client("owner", auth="x-api-key") as key, \
            sandbox.client("admin") as other:
        assert [c.get("/users/me").status_code for c in (bearer, key, bearer, key)] == [200, 200, 200, 429]
        assert other.get("/users/me").status_code == 200


def test_the_headers_describe_the_window_with_fewest_requests_left(sandbox):
    with sandbox.admin() as admin:
        assert admin.post("/limits", json={"per_minute": 10, "per_hour": 15, "per_day": 100}).status_code == 200
    with sandbox.client() as owner:
        start = sandbox.clock.now
        for _ in range(8):
            owner.get("/users/me")
        sandbox.clock.now += 61
        resp = owner.get("/users/me")
        assert limit_headers(resp) == (15, 6, math.ceil(start + 3600))
        for _ in range(6):
            assert owner.get("/users/me").status_code == 200
        refused = owner.get("/users/me")
        assert refused.status_code == 429 and limit_headers(refused)[:2] == (15, 0)
        assert int(refused.headers["Retry-After"]) == math.ceil(start + 3600 - sandbox.clock.now)


def test_the_day_window_holds_after_the_hour_frees(sandbox):
    with sandbox.admin() as admin:
        admin.post("/limits", json={"per_minute": 5, "per_hour": 5, "per_day": 6})
    with sandbox.client() as owner:
        assert [owner.get("/users/me").status_code for _ in range(5)] == [200] * 5
        sandbox.clock.now += 3600
        assert [owner.get("/users/me").status_code for _ in range(2)] == [200, 429]
        assert limit_headers(owner.get("/users/me"))[:2] == (6, 0)


def test_limits_from_the_constructor_and_defaults_when_switched_off():
    sandbox = make_sandbox(entries=10, options={"limits": Limits(per_minute=1)})
    with sandbox.client() as owner:
        assert [owner.get("/users/me").status_code for _ in range(2)] == [200, 429]
    with sandbox.admin() as admin:
        shown = admin.post("/limits", json={}).json()
    assert shown["per_minute"] is None
    with sandbox.client() as owner:
        resp = owner.get("/users/me")
    assert resp.status_code == 200 and "X-RateLimit-Limit" not in resp.headers


def test_the_admin_endpoint_shows_clockeye_defaults_and_refuses_bad_values(sandbox):
    with sandbox.admin() as admin:
        shown = admin.get("/limits").json()
        assert (shown["per_minute"], shown["per_hour"], shown["per_day"]) == (100, 5000, 50000)
        resp = admin.post("/limits", json={"per_minute": -1})
        assert resp.status_code == 400 and "per_minute" in resp.json()["message"]
        resp = admin.post("/limits", json={"per_minute": "lots"})
        assert resp.status_code == 400


def test_a_request_one_window_refuses_is_counted_in_none(sandbox):
    with sandbox.admin() as admin:
        admin.post("/limits", json={"per_minute": 3, "per_day": 2})
    with sandbox.client() as owner:
        assert [limit_headers(owner.get("/users/me"))[:2] for _ in range(2)] == [(2, 1), (2, 0)]
        refused = owner.get("/users/me")
        # the minute window still has one request left, so the day window (0 left) is the one reported
        assert refused.status_code == 429 and limit_headers(refused)[:2] == (2, 0)
        assert int(refused.headers["Retry-After"]) == 86400
