"""Injected faults: 5xx, slow answers, hangs and dropped connections, reproducible by seed."""

from __future__ import annotations


import httpx
import pytest

from conftest import make_harness
from punchclock.sandbox.core.server import running


def set_faults(client, **faults):
    resp = client.post("http://sandbox/__sandbox__/faults", json=faults)
    assert resp.status_code == 200, resp.text


def test_error_faults_answer_5xx_at_the_configured_rate_reproducibly(sandbox, owner):
    set_faults(owner, error_rate=0.3, seed=7)
    first = [owner.get("/user").status_code for _ in range(300)]
    set_faults(owner, error_rate=0.3, seed=7)
    second = [owner.get("/user").status_code for _ in range(300)]
    assert first == second
    errors = sum(s >= 500 for s in first)
    assert 60 <= errors <= 120
    assert set(first) <= {200, 500, 502, 503}


def test_error_faults_happen_before_the_write(sandbox, owner):
    before = len(sandbox.ws().entries)
    set_faults(owner, error_rate=1.0)
    resp = owner.post(f"/workspaces/{sandbox.ws_id}/time-entries",
                      json={"start": "2026-01-01T09:00:00Z", "end": "2026-01-01T10:00:00Z"})
    assert resp.status_code >= 500 and isinstance(resp.json()["code"], int)
    assert len(sandbox.ws().entries) == before


def test_dropped_connection_in_process_after_the_write(sandbox, owner):
    before = len(sandbox.ws().entries)
    set_faults(owner, drop_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        owner.post(f"/workspaces/{sandbox.ws_id}/time-entries",
                   json={"start": "2026-01-01T09:00:00Z", "end": "2026-01-01T10:00:00Z"})
    assert len(sandbox.ws().entries) == before + 1


def test_dropped_connection_and_timeout_over_a_real_socket():
    sandbox = make_harness(entries=20)
    with running(sandbox.app) as base:
        headers = {"X-Api-Key": sandbox.key()}
        with httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=0.3) as client:
            assert client.get("/user").status_code == 200
            client.post(f"{base}/__sandbox__/faults", json={"drop_rate": 1.0})
            with pytest.raises(httpx.RemoteProtocolError):
                client.get("/user")
            client.post(f"{base}/__sandbox__/faults", json={"timeout_rate": 1.0, "timeout_seconds": 1.0})
            with pytest.raises(httpx.ReadTimeout):
                client.get("/user")
            client.post(f"{base}/__sandbox__/faults", json={})
            assert client.get("/user").status_code == 200


def test_slow_faults_delay_the_answer(sandbox, owner):
    waits = []

    async def simulated(seconds: float) -> None:
        waits.append(seconds)

    sandbox.app.sleep = simulated
    set_faults(owner, slow_rate=1.0, slow_seconds=0.2)
    assert owner.get("/user").status_code == 200
    assert waits == [0.2]


def test_faults_can_target_paths(sandbox, owner):
    set_faults(owner, error_rate=1.0, only_paths="/tags")
    assert owner.get("/user").status_code == 200
    assert owner.get(f"/workspaces/{sandbox.ws_id}/tags").status_code >= 500


def test_fault_settings_are_validated(sandbox, owner):
    resp = owner.post("http://sandbox/__sandbox__/faults", json={"error_rate": 2})
    assert resp.status_code == 400 and "error_rate" in resp.json()["message"]
