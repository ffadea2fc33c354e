"""A type checker tells a sync call from an async one: mypy over a snippet that uses both clients of both
providers rightly and wrongly reports exactly the wrong uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
SNIPPET = '''
from punchclock.providers.clockeye import AsyncClockEye, ClockEye
from punchclock.providers.clockify import AsyncClockify, Clockify


def sync_use(c: Clockify, e: ClockEye) -> None:
    print(c.user.me().id, e.users.me().id)
    for entry in c.time_entries.list():
        print(entry)
    print(len(e.time_entries.list().to_list()))


async def async_use(c: AsyncClockify, e: AsyncClockEye) -> None:
    print((await c.user.me()).id, (await e.users.me()).id)
    async for entry in c.time_entries.list():
        print(entry)
    print(len(await e.time_entries.list().to_list()))


async def wrong(c: Clockify, a: AsyncClockify, e: AsyncClockEye) -> None:
    for entry in a.time_entries.list():  # wrong: an async pager in a plain for
        print(entry)
    print(a.user.me().id)  # wrong: an awaitable used as the user
    print(e.projects.get("prj_x").name)  # wrong: the same on ClockEye
    async for row in c.projects.list():  # wrong: a sync pager in async for
        print(row)
'''


def test_mypy_finds_exactly_the_wrong_uses(tmp_path):
    path = tmp_path / "snippet.py"
    path.write_text(SNIPPET, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-error-summary", "--no-incremental",
         "--cache-dir", str(tmp_path / "cache"), str(path)],
        capture_output=True, text=True, env={**os.environ, "MYPYPATH": str(SRC)}, timeout=300)
    flagged = sorted({int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line})
    wrong = [number for number, line in enumerate(SNIPPET.splitlines(), start=1) if "# wrong:" in line]
    assert len(wrong) == 4 and flagged == wrong, result.stdout
