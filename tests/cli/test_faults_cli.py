"""``punch`` under seeded faults (20% each of 5xx answers, hung-then-dropped requests and answers dropped
after the write): what each command reports matches what the sandbox holds. A success was made once, a
failure (5xx, exit 9, or a read that never got through, exit 8) made nothing, and a write whose answer
was lost is reported as unknown (exit 11), never as a plain failure. Then the user reruns what did not succeed, and every entry exists exactly once."""

from __future__ import annotations

import httpx
import pytest

PUNCH_NOW = "2026-11-20T23:00:00+00:00"
FAULTS = {"error_rate": 0.2, "timeout_rate": 0.2, "drop_rate": 0.2, "timeout_seconds": 0.0, "seed": 13}
COUNT = 24


def faults(base: str, **settings) -> None:
    """Set the sandbox's faults through its admin endpoint (``{}`` switches them off)."""
    assert httpx.post(f"{base}/__sandbox__/faults", json=settings).status_code == 200


def mine(punch, label: str) -> list:
    """The owner's entries with this description, in the sandbox's own state."""
    owner = punch.h.user_id("owner")
    return [e for e in punch.h.ws().entries.values() if e.user_id == owner and e.description == label]


@pytest.fixture
def faulty(punch, monkeypatch):
    """``punch`` against a sandbox with seeded faults on every route, the clock pinned."""
    monkeypatch.setenv("PUNCH_NOW", PUNCH_NOW)
    monkeypatch.setenv("PUNCH_YES", "1")
    faults(punch.base, **FAULTS)
    return punch


def test_logs_and_deletes_report_what_happened_and_reruns_make_each_once(faulty):
    punch = faulty
    outcomes: dict[int, list[str]] = {}
    for n in range(COUNT):
        label = f"fault-log-{n}"
        minute = f"{n:02d}"
        args = ["log", label, "--from", f"2026-11-20 10:{minute}", "--to", f"2026-11-20 10:{minute}:30"]
        result = punch(*args)
        outcomes.setdefault(result.exit_code, []).append(label)
        made = len(mine(punch, label))
        if result.exit_code == 0:
            assert made == 1, (label, result.output)
        elif result.exit_code in (8, 9):
            assert made == 0, (label, result.output)  # a read or the server failed before anything was written
        else:
            assert result.exit_code == 11, (label, result.output)  # neither success nor failure is claimed
            assert "may have been" in result.output or "probably not" in result.output, result.output
    assert set(outcomes) <= {0, 8, 9, 11} and len(outcomes.get(0, [])) >= COUNT // 4, outcomes
    assert outcomes.get(9) and outcomes.get(11), outcomes  # the seed gives every kind of outcome
    faults(punch.base)
    for n in range(COUNT):
        label = f"fault-log-{n}"
        minute = f"{n:02d}"
        rerun = punch("log", label, "--from", f"2026-11-20 10:{minute}", "--to", f"2026-11-20 10:{minute}:30")
        assert rerun.exit_code == 0 and len(mine(punch, label)) == 1, (label, rerun.output)

    faults(punch.base, **FAULTS)
    gone = {}
    for n in range(COUNT):
        entry = mine(punch, f"fault-log-{n}")[0]
        result = punch("delete", entry.id)
        gone[entry.id] = result.exit_code
        still = entry.id in punch.h.ws().entries
        if result.exit_code == 0:
            assert not still, result.output  # a retried delete that found nothing left had succeeded
        elif result.exit_code in (8, 9):
            assert still, result.output
        else:
            assert result.exit_code == 11, result.output
    faults(punch.base)
    for entry_id, code in gone.items():
        if entry_id in punch.h.ws().entries:
            assert code != 0
            assert punch("delete", entry_id).exit_code == 0
    assert not [e for e in punch.h.ws().entries.values() if e.description.startswith("fault-log-")]
