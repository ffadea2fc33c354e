"""``punch`` under seeded faults (20% each of 5xx answers, hung-then-dropped requests and answers dropped
after the write): what each command reports matches what the sandbox holds. A success was made once, a
failure (5xx, exit 9, or a read that never got through, exit 8) made nothing, and a write whose answer
was lost is reported as unknown (exit 11), never as a plain failure. Then the user reruns what did not succeed, and every entry exists exactly once."""

from __future__ import annotations

import os

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
    from collections import Counter

    print(f"\npunch log    exit codes {dict(sorted(Counter({c: len(v) for c, v in outcomes.items()}).items()))}"
          f" (0 done, 8/9 nothing written, 11 unknown); reruns made each entry once")
    print(f"punch delete exit codes {dict(sorted(Counter(gone.values()).items()))}; every 0 gone, every 8/9 still there")
    for entry_id, code in gone.items():
        if entry_id in punch.h.ws().entries:
            assert code != 0
            assert punch("delete", entry_id).exit_code == 0
    assert not [e for e in punch.h.ws().entries.values() if e.description.startswith("fault-log-")]


# -- the plan's request budget ------------------------------------------------------------------

def limits(base: str, **settings) -> None:
    """Set the sandbox's limits through its admin endpoint (``{}`` switches them off)."""
    assert httpx.post(f"{base}/__sandbox__/limits", json=settings).status_code == 200


def sent(punch) -> int:
    """Requests the sandbox has answered so far."""
    return httpx.get(f"{punch.base}/__sandbox__/stats").json()["total"]


def new_process() -> None:
    """What a new ``punch`` process starts with: no limiter, nothing counted in memory."""
    from punchclock.http.limiter import forget_limiters

    forget_limiters()


@pytest.fixture
def budgeted(punch, monkeypatch, tmp_path):
    """``punch`` with its workspace configured (as `punch login` saves it) and a state file of its own."""
    monkeypatch.setenv("CLOCKIFY_WORKSPACE_ID", punch.h.ws_id)
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("PUNCH_NOW", PUNCH_NOW)
    return punch


def test_a_free_plan_is_learned_from_its_429_and_the_next_run_refuses_before_sending(budgeted, tmp_path):
    punch = budgeted
    limits(punch.base, hourly_budget=30, retry_after=1)  # the free plan: 30 per rolling hour, Retry-After tells when
    before = sent(punch)
    for run in range(40):
        new_process()
        result = punch("entries", "-r", "this-week")
        if "free plan" in result.stderr:
            break
        assert result.exit_code == 0, result.output
    note = [line for line in result.stderr.splitlines() if "free plan" in line]
    assert note == ["note: this workspace allows about 30 requests per hour (a free plan); later runs budget for it "
                    "and refuse up front what cannot fit (the next request fits in 60 min; `--budget N` overrides)"]
    stats = httpx.get(f"{punch.base}/__sandbox__/stats").json()
    assert stats["by_status"] == {"200": 30, "429": 1}, stats  # 30 answered, one refused, none after it
    state = (tmp_path / "budgets.json").read_text()
    assert punch.h.key() not in state and '"budget": 30' in state

    for _ in range(2):
        new_process()
        again = punch("entries", "-r", "this-week")
        assert again.exit_code == 7, again.output
        assert sent(punch) - before == 31  # refused before anything was sent
        assert again.stderr.splitlines() == [
            "error: the request budget of 30 per 60 min is used up; the next request fits in 60 min"], again.stderr
    limits(punch.base)


def test_a_429_that_ends_a_command_says_when_to_retry(budgeted):
    punch = budgeted
    limits(punch.base, hourly_budget=1, retry_after=1)
    new_process()
    result = punch("status")  # GET /user passes, the timer's read is refused for the rest of the hour
    assert result.exit_code == 7, result.output
    assert "try again in 60 min" in result.stderr.splitlines()[0], result.stderr
    limits(punch.base)


def test_budget_counts_requests_across_runs_and_refuses_up_front_what_cannot_fit(budgeted, tmp_path):
    punch = budgeted
    before = sent(punch)
    new_process()
    first = punch("--budget", "4", "entries", "-r", "this-week")
    assert first.exit_code == 0, first.output
    spent = sent(punch) - before
    assert 1 <= spent <= 4
    refused = None
    for _ in range(4):
        new_process()  # each run is a new process: only the state file remembers the requests
        result = punch("--budget", "4", "entries", "-r", "this-week")
        if result.exit_code != 0:
            refused = result
            break
    assert refused is not None and refused.exit_code == 7, refused and refused.output
    assert "request budget of 4 per 60 min" in refused.stderr and "fits in" in refused.stderr, refused.stderr
    assert sent(punch) - before <= 4  # the budget was never overdrawn
    assert punch.h.key() not in (tmp_path / "budgets.json").read_text()
    assert punch("--budget", "0", "status").exit_code == 2
    assert "--budget" in punch("--budget", "0", "status").stderr


def test_a_later_run_knows_whose_key_it_is_and_spends_no_request_on_it(budgeted, tmp_path):
    """The first run asks ``GET /user`` once and keeps the answer (the user's id, never the key); later
    runs, each a new process, send only the command's own requests: `punch status` one instead of two."""
    punch = budgeted

    def asked() -> int:
        return httpx.get(f"{punch.base}/__sandbox__/stats").json()["by_route"].get("GET /api/v1/user", 0)

    before, total = asked(), sent(punch)
    for _ in range(3):
        new_process()
        done = punch("status")
        assert (done.exit_code, done.stdout, done.stderr) == (0, "no timer is running\n", ""), done.output
    assert (asked() - before, sent(punch) - total) == (1, 4)
    state = (tmp_path / "budgets.json").read_text()
    assert punch.h.user_id() in state and punch.h.key() not in state


def test_a_state_file_that_cannot_be_written_costs_a_request_not_a_word(budgeted, tmp_path, monkeypatch):
    punch = budgeted
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(tmp_path / "file" / "config.toml"))  # its folder is a file
    for _ in range(2):
        new_process()
        done = punch("status")
        assert (done.exit_code, done.stdout, done.stderr) == (0, "no timer is running\n", ""), done.output


def test_no_config_file_keeps_the_state_in_the_default_folder_not_beside_dev_null(budgeted, tmp_path, monkeypatch):
    punch = budgeted
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", os.devnull)  # "no config file"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    new_process()
    done = punch("status")
    assert (done.exit_code, done.stderr) == (0, ""), done.output
    assert punch.h.user_id() in (tmp_path / "xdg" / "punchclock" / "budgets.json").read_text()


# -- switches, edits and listings under the same faults -----------------------------------------

def at(minute: int) -> dict:
    """``PUNCH_NOW`` ``minute`` minutes after 22:00 UTC, so each switch starts later than the last."""
    return {"PUNCH_NOW": f"2026-11-20T22:{minute:02d}:00+00:00"}


def running_labels(punch) -> list[str]:
    """Descriptions of the owner's running timers, in the sandbox's own state."""
    owner = punch.h.user_id("owner")
    return [e.description for e in punch.h.ws().entries.values() if e.user_id == owner and e.end is None]


YEAR_2026 = 1767225600  # 2026-01-01T00:00:00Z
ROUNDS = 16


def test_switches_edits_and_listings_report_what_happened(faulty):
    punch = faulty
    codes: dict[str, list[int]] = {"switch": [], "edit": [], "entries": []}
    faults(punch.base)
    assert punch("start", "fault-switch-start", env=at(0)).exit_code == 0
    faults(punch.base, **FAULTS)
    before = "fault-switch-start"
    for n in range(1, ROUNDS + 1):
        label = f"fault-switch-{n}"
        result = punch("switch", label, env=at(n))
        codes["switch"].append(result.exit_code)
        timers = running_labels(punch)
        assert len(timers) == 1, (label, timers, result.output)  # a timer runs whatever the outcome
        if result.exit_code == 0:
            assert timers == [label] and len(mine(punch, label)) == 1, (label, result.output)
        elif result.exit_code in (8, 9):
            assert timers == [before] and not mine(punch, label), (label, result.output)
        else:
            assert result.exit_code == 11, (label, result.output)
        if timers != [label]:  # the user runs it again once the network is back
            faults(punch.base)
            rerun = punch("switch", label, env=at(n))
            faults(punch.base, **{**FAULTS, "seed": FAULTS["seed"] + n})  # not the same draws again
            assert rerun.exit_code == 0 and running_labels(punch) == [label], (label, rerun.output)
        assert len(mine(punch, label)) == 1, label
        before = label

    for n in range(1, ROUNDS + 1):
        entry = mine(punch, f"fault-switch-{n}")[0]
        result = punch("edit", entry.id, "-m", f"fault-edited-{n}")
        codes["edit"].append(result.exit_code)
        now = punch.h.ws().entries[entry.id].description
        if result.exit_code == 0:
            assert now == f"fault-edited-{n}", result.output
        elif result.exit_code in (8, 9):
            assert now == f"fault-switch-{n}", result.output
        else:
            assert result.exit_code == 11, result.output

    owner = punch.h.user_id("owner")
    truth = sorted(e.id for e in punch.h.ws().entries.values() if e.user_id == owner and e.start >= YEAR_2026)
    for _ in range(ROUNDS):
        result = punch("entries", "--range", "this-year", "--format", "ids")
        codes["entries"].append(result.exit_code)
        if result.exit_code == 0:
            assert sorted(result.stdout.split()) == truth  # a listing that succeeds is whole
        else:
            assert result.exit_code in (8, 9), result.output  # a read never claims an unknown outcome
    faults(punch.base)
    from collections import Counter

    for name, seen in codes.items():
        print(f"\npunch {name:<7} exit codes {dict(sorted(Counter(seen).items()))}", end="")
    assert all(0 in seen for seen in codes.values()) and any(c != 0 for c in codes["switch"]), codes
