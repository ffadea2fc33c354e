"""One suite, two trackers: the tracking library and the ``punch`` tracking commands take the same steps
against the Clockify and the ClockEye sandboxes (each on a real socket) and must show the same results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from punchclock import tracking
from punchclock.catalog import Catalog
from punchclock.errors import ConfigError, NotFound, Unsupported
from punchclock.providers.registry import open_provider
from punchclock.sandbox import create_app, seeded_backend
from punchclock.sandbox.core.server import running

DAY = datetime(2026, 11, 20, tzinfo=UTC)  # a fixed past day: no step depends on the machine's clock
ANCHOR = (DAY - timedelta(days=2)).timestamp()  # seeded data ends before the day the steps use
PROVIDERS = ["clockify", "clockeye"]


@dataclass
class World:
    """A provider's sandbox on a socket and how to reach it (settings and environment)."""

    name: str
    backend: object
    settings: dict
    env: dict

    def provider(self):
        """A fresh provider for the sandbox's owner."""
        return open_provider(provider=self.name, **self.settings)


@pytest.fixture(params=PROVIDERS)
def world(request, monkeypatch):
    """Each provider's seeded sandbox, served for the test's duration."""
    name = request.param
    backend = seeded_backend(name, entries=60, anchor=ANCHOR)
    key = backend.seed_info.key_for("owner")
    with running(create_app(backend, provider=name)) as base:
        if name == "clockify":
            settings = {"api_key": key, "base_url": f"{base}/api/v1", "reports_url": f"{base}/reports/v1"}
            env = {"CLOCKIFY_API_KEY": key, "CLOCKIFY_BASE_URL": f"{base}/api/v1",
                   "CLOCKIFY_REPORTS_URL": f"{base}/reports/v1"}
        else:
            settings = {"api_key": key, "base_url": f"{base}/v1"}
            env = {"CLOCKEYE_API_KEY": key, "CLOCKEYE_BASE_URL": f"{base}/v1"}
        for var, value in {**env, "PUNCH_TZ": "UTC", "PUNCH_PROVIDER": name}.items():
            monkeypatch.setenv(var, value)
        yield World(name, backend, settings, env)


def at(hour: int, minute: int = 0) -> datetime:
    """A moment of the fixed day."""
    return DAY + timedelta(hours=hour, minutes=minute)


def day_entries(provider) -> list:
    """The owner's entries that start on the fixed day, oldest first."""
    rows = tracking.entries(provider, start_at=DAY, end_at=DAY + timedelta(days=1))
    return sorted(rows, key=lambda e: e.start)


def test_log_edit_and_delete_look_the_same(world):
    with world.provider() as provider:
        made = provider.create("projects", "Seam Check", billable=True)
        catalog = Catalog(provider)
        logged = tracking.log(provider, tracking.Fields("Write spec", project="seam check"),
                              start_at=at(9), end_at=at(10, 30), catalog=catalog)
        assert (logged.description, logged.project_id, logged.billable) == ("Write spec", made.id, True)
        assert tracking.elapsed(logged) == timedelta(minutes=90)
        ours = [e for e in day_entries(provider) if e.description == "Write spec"]
        assert [e.id for e in ours] == [logged.id]
        edited = tracking.edit(provider, logged.id, fields=tracking.Fields("Write the spec"), end_at=at(11))
        assert (edited.description, edited.project_id, edited.end) == ("Write the spec", made.id, at(11))
        assert provider.entry(logged.id).description == "Write the spec"
        provider.delete_entry(logged.id)
        assert logged.id not in {e.id for e in day_entries(provider)}
        with pytest.raises(NotFound):
            provider.entry(logged.id)


def test_a_timer_started_switched_and_stopped(world):
    with world.provider() as provider:
        provider.create("projects", "Seam Timer")
        first = tracking.start(provider, tracking.Fields("Deep work", project="Seam Timer"), at=at(13))
        assert tracking.running(provider).id == first.id and first.end is None
        stopped_first, second = tracking.switch(provider, tracking.Fields("Review"), at=at(14, 15))
        assert stopped_first.id == first.id
        assert tracking.running(provider).id == second.id
        stopped = tracking.stop(provider, at=at(15))
        assert stopped.id == second.id and tracking.running(provider) is None
        ours = {e.description: e for e in day_entries(provider) if e.start >= at(13)}
        assert ours["Deep work"].end == at(14, 15) and ours["Review"].end == at(15)
        total, _ = tracking.totals([ours["Deep work"], ours["Review"]])
        assert total == timedelta(hours=2)
        with pytest.raises(NotFound, match="no timer is running"):
            tracking.stop(provider, at=at(16))
        again = tracking.continue_last(provider, at=at(16))
        assert (again.description, again.end) == ("Review", None)
        tracking.stop(provider, at=at(16, 30))


def test_the_summary_counts_what_was_logged(world):
    with world.provider() as provider:
        made = provider.create("projects", "Seam Sum", billable=True)
        for start, end in ((at(6), at(7)), (at(7), at(7, 45))):
            tracking.log(provider, tracking.Fields("sum", project="Seam Sum"), start_at=start, end_at=end)
        rows = {row.key: row for row in provider.summary(DAY, DAY + timedelta(days=1))}
        assert rows[made.id].duration == timedelta(minutes=105) == rows[made.id].billable


def test_what_a_provider_lacks_is_one_clear_error(world):
    with world.provider() as provider:
        if world.name == "clockify":
            assert provider.tags() and provider.clients()
        else:
            with pytest.raises(Unsupported, match="^clockeye has no clients"):
                provider.clients()
            tagged = tracking.log(provider, tracking.Fields("tagged", tags=("deep", "focus")), start_at=at(5),
                                  end_at=at(5, 30))
            assert tagged.tag_ids == ("deep", "focus")


def punch(*args: str):
    """``punch`` as a user runs it (in process), settings from the environment."""
    from punchclock.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_the_punch_commands_read_the_same(world):
    assert punch("projects", "create", "Seam CLI", "--yes").exit_code == 0
    listed = punch("projects", "list", "--format", "csv")
    assert listed.exit_code == 0 and "Seam CLI" in listed.output
    logged = punch("log", "Client call", "-p", "seam cli", "--from", "2026-11-20 09:00", "--to",
                   "2026-11-20 10:30", "--yes")
    assert logged.exit_code == 0, logged.output
    assert "logged 1:30" in logged.output and "Seam CLI" in logged.output
    started = punch("start", "Focus", "-p", "Seam CLI", "--at", "2026-11-20 11:00", "--yes")
    assert started.exit_code == 0, started.output
    status = punch("status")
    assert "Focus" in status.output and "Seam CLI" in status.output
    stopped = punch("stop", "--at", "2026-11-20 12:15", "--yes")
    assert stopped.exit_code == 0 and "stopped after 1:15" in stopped.output
    table = punch("entries", "--from", "2026-11-20", "--to", "2026-11-20", "-p", "Seam CLI")
    assert table.exit_code == 0 and "total 2:45 in 2 entries" in table.output
    csv = punch("entries", "--from", "2026-11-20", "--to", "2026-11-20", "-p", "Seam CLI", "--format", "ids")
    first = csv.output.split()[0]
    assert punch("edit", first, "-m", "Renamed", "--yes").exit_code == 0
    assert punch("delete", first, "--yes").exit_code == 0
    after = punch("entries", "--from", "2026-11-20", "--to", "2026-11-20", "-p", "Seam CLI", "--format", "ids")
    assert first not in after.output.split() and len(after.output.split()) == 1
    users = punch("users", "list", "--format", "csv")
    owner = world.backend.seed_info.user_for("owner")
    assert users.exit_code == 0 and owner in users.output


def test_a_command_the_provider_cannot_serve_says_so_in_one_line(world):
    result = punch("tags", "list")
    if world.name == "clockify":
        assert result.exit_code == 0
    else:
        assert result.exit_code == 2
        assert result.output.strip().splitlines() == ["error: clockeye has no tags; this works with a provider "
                                                      "that has it"]


def test_a_profile_naming_an_unknown_provider_is_a_configuration_error(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[profiles.default]\nprovider = "harvest"\napi_key = "k"\n', encoding="utf-8")
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(config))
    with pytest.raises(ConfigError, match="unknown provider 'harvest'; use one of clockify, clockeye"):
        open_provider()
    result = punch("whoami")
    assert result.exit_code == 3 and len(result.output.strip().splitlines()) == 1


def test_a_clockeye_key_with_the_wrong_scheme_is_refused_before_sending(monkeypatch):
    monkeypatch.setenv("CLOCKEYE_AUTH", "basic")
    with pytest.raises(ConfigError, match="auth scheme 'basic'"):
        open_provider(provider="clockeye", api_key="cek_x", base_url="http://127.0.0.1:9/v1")


def test_login_whoami_switch_and_continue_from_the_command_line(world, tmp_path, monkeypatch):
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(tmp_path / "config.toml"))
    key = world.settings["api_key"]
    for var in world.env:
        monkeypatch.delenv(var)
    login = punch("--profile", "seam", "login", "--key", key, "--base-url", world.settings["base_url"])
    assert login.exit_code == 0, login.output
    saved = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert f'provider = "{world.name}"' in saved and key not in login.output
    monkeypatch.delenv("PUNCH_PROVIDER")  # from here on the profile alone says which tracker it is
    owner = world.backend.seed_info.user_for("owner")
    who = punch("--profile", "seam", "whoami")
    assert who.exit_code == 0 and world.name in who.output
    if world.name == "clockify":  # the Reports host is only Clockify's
        monkeypatch.setenv("CLOCKIFY_REPORTS_URL", world.settings["reports_url"])
    with open_provider("seam") as provider:
        assert provider.me().id == owner
    assert punch("--profile", "seam", "start", "One", "--at", "2026-11-20 08:00", "--yes").exit_code == 0
    switched = punch("--profile", "seam", "switch", "Two", "--at", "2026-11-20 08:40", "--yes")
    assert switched.exit_code == 0, switched.output
    assert punch("--profile", "seam", "stop", "--at", "2026-11-20 09:00", "--yes").exit_code == 0
    again = punch("--profile", "seam", "continue", "--at", "2026-11-20 09:30", "--yes")
    assert again.exit_code == 0, again.output
    with open_provider("seam") as provider:
        timer = provider.running()
        assert (timer.description, timer.start) == ("Two", at(9, 30))
        ours = {e.description: e.end - e.start for e in day_entries(provider) if e.end and e.start >= at(8)}
        assert ours == {"One": timedelta(minutes=40), "Two": timedelta(minutes=20)}
        provider.stop(at(10))
