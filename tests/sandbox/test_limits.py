"""Rate limits and the free workspace's hourly budget, driven over HTTP with a controlled clock."""

from __future__ import annotations

import pytest
from conftest import make_harness

from punchclock.sandbox.core.clock import SimulatedClock


@pytest.fixture
def clocked():
    sandbox = make_harness(entries=50)
    clock = SimulatedClock()
    sandbox.app.limiter.clock = clock
    return sandbox, clock


def configure(client, **limits):
    resp = client.post("http://sandbox/__sandbox__/limits", json=limits)
    assert resp.status_code == 200, resp.text
    return resp.json()


def paced(client, clock, rate: float, count: int) -> list[int]:
    statuses = []
    for _ in range(count):
        statuses.append(client.get("/user").status_code)
        clock.now += 1.0 / rate
    return statuses


def test_no_429_at_or_below_the_configured_rate(clocked):
    sandbox, clock = clocked
    with sandbox.client() as owner:
        configure(owner, per_key_rate=10)
        assert paced(owner, clock, 10.0, 200) == [200] * 200
        assert paced(owner, clock, 9.0, 100) == [200] * 100


def test_429_appears_just_above_the_configured_rate(clocked):
    sandbox, clock = clocked
    with sandbox.client() as owner:
        configure(owner, per_key_rate=10)
        statuses = paced(owner, clock, 11.0, 220)
    refused = statuses.count(429)
    # 20 s at 11 req/s against 10 req/s with a 10-token burst: about 220 - 10 - 200 = 10 refused
    assert 5 <= refused <= 15


def test_429_body_and_retry_after_only_when_configured(clocked):
    sandbox, _ = clocked
    with sandbox.client() as owner:
        configure(owner, per_key_rate=2)
        responses = [owner.get("/user") for _ in range(3)]
        assert responses[2].status_code == 429
        assert responses[2].json() == {"message": "Too Many Requests", "code": 429}
        assert "Retry-After" not in responses[2].headers
        configure(owner, per_key_rate=2, retry_after=3)
        responses = [owner.get("/user") for _ in range(3)]
        assert responses[2].headers["Retry-After"] == "3"


def test_rate_is_per_key(clocked):
    sandbox, _ = clocked
    with sandbox.client("owner") as owner, sandbox.client("admin") as admin:
        configure(owner, per_key_rate=3)
        assert [owner.get("/user").status_code for _ in range(4)] == [200, 200, 200, 429]
        assert [admin.get("/user").status_code for _ in range(3)] == [200, 200, 200]


def test_per_workspace_rate_is_shared_by_keys(clocked):
    sandbox, _ = clocked
    ws = f"/workspaces/{sandbox.ws_id}/tags"
    with sandbox.client("owner") as owner, sandbox.client("admin") as admin:
        configure(owner, per_workspace_rate=4)
        statuses = [c.get(ws).status_code for c in (owner, admin, owner, admin, owner)]
    assert statuses == [200, 200, 200, 200, 429]


def test_free_budget_of_30_requests_per_hour_for_the_whole_workspace(clocked):
    sandbox, clock = clocked
    ws = f"/workspaces/{sandbox.ws_id}/projects"
    with sandbox.client("owner") as owner, sandbox.client("member") as member:
        configure(owner, hourly_budget=30)
        statuses = [(owner if i % 2 else member).get(ws).status_code for i in range(30)]
        assert statuses == [200] * 30
        assert owner.get(ws).status_code == 429
        assert member.get(ws).status_code == 429
        clock.now += 3599
        assert owner.get(ws).status_code == 429
        clock.now += 2
        assert owner.get(ws).status_code == 200


def test_the_free_plan_flag_of_punch_sandbox_sets_a_30_per_hour_budget():
    from typer.testing import CliRunner

    from punchclock.cli import app

    result = CliRunner().invoke(app, ["sandbox", "--plan", "gold"])
    assert result.exit_code == 2 and "--plan must be 'pro' or 'free'" in result.output


def test_bad_limit_settings_are_refused_with_400(clocked):
    sandbox, _ = clocked
    with sandbox.client() as owner:
        resp = owner.post("http://sandbox/__sandbox__/limits", json={"per_key_rat": 3})
        assert resp.status_code == 400 and "per_key_rat" in resp.json()["message"]


def test_limit_values_of_the_wrong_type_are_refused_not_crashing_later(clocked):
    sandbox, _ = clocked
    with sandbox.client() as owner:
        resp = owner.post("http://sandbox/__sandbox__/limits", json={"per_key_rate": "fast"})
        assert resp.status_code == 400 and "per_key_rate" in resp.json()["message"]
        assert owner.get("/user").status_code == 200
