"""Reading transcripts: every quirk of the research notes, incremental reads, rewrites and deletions."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from punchclock.sessions.sources import claude_code, codex
from punchclock.sessions.store import Store
from tests.sessions.transcripts import ClaudeTree, CodexRollout

T0 = 1_773_212_400  # 2026-03-11T07:00:00Z: midnight in Los Angeles
SID = "4d5611e5-241a-462a-8d15-5122611a9569"
CWD = "/home/dev/projects/spotter-worktrees/spotter-dov"


def quirky_tree(root: Path) -> ClaudeTree:
    """One session with every quirk: out-of-order lines, untimed, malformed, nested, meta, compaction,
    a cwd that changes, a subagent file and a resumed copy in another file."""
    tree = ClaudeTree(root)
    main = tree.session(SID, CWD, branch="feat/SPOT-42-login")
    main.untimed()
    main.prompt(T0 + 60)
    main.reply(T0 + 70).tool_use(T0 + 65, "toolu_1")   # written out of order
    main.raw('{"type":"user","timestamp":"2026-03-11T07:0')  # half a line, mid-file
    main.raw("42").raw("[1]").raw('"massive error"').raw("not json at all")
    main.raw(orjson.dumps({"type": "user", "timesstamp": "2026-03-11T07:03:00Z", "sessionId": SID}).decode())
    main.raw(orjson.dumps({"type": "user", "timestamp": "yesterday", "sessionId": SID}).decode())
    main.tool_result(T0 + 90, "toolu_1", output='line "quoted"\n,"toolUseResult":{ not a key')
    main.meta(T0 + 95)
    main.agent_progress(T0 + 100, nested_ts=T0 + 99)
    main.line("progress", T0 + 110, cwd=CWD + "/assets",
              data={"type": "bash_progress"})                  # cd inside the session
    main.compaction(T0 + 120)
    main.turn_duration(T0 + 130, 70_000)
    main.line("queue-operation", None).raw(orjson.dumps(
        {"type": "queue-operation", "operation": "enqueue", "timestamp": "2026-03-11T07:02:20.000Z",
         "sessionId": SID, "content": "<task-notification>"}).decode())
    main.prompt(T0 + 50, "an earlier prompt, logged late")
    sub = main.subagent("a2898e3")
    sub.prompt(T0 + 200, "subagent task").reply(T0 + 210)
    resumed = tree.session(SID, CWD, file_id="9f0c0000-resumed")
    resumed.reply(T0 + 70).prompt(T0 + 300)                 # a copy of a line, then new work
    return tree


def env_for(root: Path, **extra) -> dict:
    return {"HOME": str(root / "home"), "CLAUDE_CONFIG_DIR": str(root / "claude"),
            "CODEX_HOME": str(root / "codex"), **extra}


def test_every_quirk_gives_the_known_seconds_and_prompts(tmp_path):
    quirky_tree(tmp_path / "claude")
    store = Store(tmp_path / "state")
    result = store.scan(environ=env_for(tmp_path))
    assert result.read == 3 and not result.failed
    assert result.counts.malformed == 5  # half line, 42, [1], "massive error", not json
    (record,) = store.records()
    assert record.session_id == SID and record.source == "claude"
    assert sorted(record.seconds) == [T0 + s for s in (50, 60, 65, 70, 90, 95, 100, 110, 120, 130, 140, 200, 210, 300)]
    assert sorted(record.humans) == [T0 + 50, T0 + 60, T0 + 300]  # not meta, tool results, compaction, subagent
    assert record.cwd == CWD and record.branch == "feat/SPOT-42-login"
    assert record.tool_starts == {"toolu_1": (T0 + 65, "Bash")} and record.tool_ends == {"toolu_1": T0 + 90}
    assert record.turns == {(T0 + 60, T0 + 130)}


def test_the_typed_and_the_cut_parse_give_the_full_parse_s_events(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    from bench_sessions import template

    quirky_tree(tmp_path / "claude")
    lines = [line for path in claude_code.discover(env_for(tmp_path)) for line in path.read_bytes().splitlines()]
    lines += template(400_000, seed=3).splitlines()
    cut = unfit = 0
    for line in lines:
        try:
            full = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if not isinstance(full, dict):
            continue
        expected = claude_code.event(full)
        assert claude_code.event(claude_code.parse(line)) == expected, line[:200]
        try:
            typed = claude_code.typed_event(line)
        except claude_code._UNFIT:
            unfit += 1
        else:
            assert typed == expected, line[:200]
        cut += b',"toolUseResult":' in line
    assert cut > 20 and unfit == 1  # the bad timestamp is left to the full parse


def test_reads_only_what_is_new_and_waits_for_half_written_lines(tmp_path):
    tree = ClaudeTree(tmp_path / "claude")
    session = tree.session(SID, CWD).prompt(T0).reply(T0 + 30)
    store = Store(tmp_path / "state")
    env = env_for(tmp_path)
    assert store.scan(environ=env).counts.lines == 2
    again = Store(tmp_path / "state").scan(environ=env)
    assert (again.read, again.unchanged, again.counts.lines) == (0, 1, 0)
    line = orjson.dumps({"type": "assistant", "sessionId": SID, "timestamp": "2026-03-11T07:01:40.000Z"})
    with open(session.path, "ab") as handle:
        handle.write(line[:20])                             # Claude Code is still writing this line
    grown = Store(tmp_path / "state").scan(environ=env)
    assert grown.counts.lines == 0 and grown.counts.malformed == 0
    with open(session.path, "ab") as handle:
        handle.write(line[20:] + b"\n")
    store = Store(tmp_path / "state")
    assert store.scan(environ=env).counts.lines == 1
    assert sorted(store.records()[0].seconds) == [T0, T0 + 30, T0 + 100]


def test_a_rewritten_file_is_read_again_and_a_deleted_one_keeps_its_time(tmp_path):
    tree = ClaudeTree(tmp_path / "claude")
    session = tree.session(SID, CWD).prompt(T0).reply(T0 + 30).reply(T0 + 60)
    env = env_for(tmp_path)
    Store(tmp_path / "state").scan(environ=env)
    replacement = session.path.with_suffix(".new")
    replacement.write_bytes(session.path.read_bytes().splitlines(keepends=True)[1])  # compacted: one line kept
    with open(replacement, "a") as handle:
        handle.write(orjson.dumps({"type": "user", "sessionId": SID, "timestamp": "2026-03-11T07:05:00Z",
                                   "message": {"content": "go on"}}).decode() + "\n")
    os.replace(replacement, session.path)                       # a new inode, a shorter file
    store = Store(tmp_path / "state")
    assert store.scan(environ=env).counts.lines == 2
    assert sorted(store.records()[0].seconds) == [T0, T0 + 30, T0 + 60, T0 + 300]
    session.path.unlink()
    store = Store(tmp_path / "state")
    store.scan(environ=env)
    assert sorted(store.records()[0].seconds) == [T0, T0 + 30, T0 + 60, T0 + 300]


def test_config_dirs_comma_separated_and_the_default_places(tmp_path):
    ClaudeTree(tmp_path / "one").session("s1", "/a").prompt(T0)
    ClaudeTree(tmp_path / "two").session("s2", "/b").prompt(T0)
    both = {"CLAUDE_CONFIG_DIR": f"{tmp_path / 'one'}, {tmp_path / 'two'}"}
    assert [p.stem for p in claude_code.discover(both)] == ["s1", "s2"]
    ClaudeTree(tmp_path / "home" / ".claude").session("s3", "/c").prompt(T0)
    ClaudeTree(tmp_path / "xdg" / "claude").session("s4", "/d").prompt(T0)
    default = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert [p.stem for p in claude_code.discover(default)] == ["s3", "s4"]


def test_codex_rollouts_keep_their_session_when_read_from_the_middle(tmp_path):
    rollout = CodexRollout(tmp_path / "codex", "11111111-1111-4111-8111-111111111111", "/work/api", T0)
    rollout.prompt(T0 + 5).call(T0 + 10, "call-1", done=T0 + 1500).message(T0 + 1510)
    env = env_for(tmp_path)
    store = Store(tmp_path / "state")
    store.scan(environ=env)
    rollout.tokens(T0 + 1600).prompt(T0 + 1700)
    store = Store(tmp_path / "state")
    assert store.scan(environ=env).counts.lines == 2
    (record,) = store.records()
    assert record.source == "codex" and record.session_id == "11111111-1111-4111-8111-111111111111"
    assert sorted(record.seconds) == [T0, T0 + 5, T0 + 10, T0 + 1500, T0 + 1510, T0 + 1600, T0 + 1700]
    assert sorted(record.humans) == [T0 + 5, T0 + 1700]
    assert record.cwd == "/work/api" and record.remote == "github.com/acme/api"
    assert record.tool_starts["call-1"] == (T0 + 10, "exec_command") and record.tool_ends["call-1"] == T0 + 1500
    assert list(codex.discover(env)) == [rollout.path]


def test_an_unreadable_file_is_reported_and_the_rest_is_read(tmp_path):
    tree = ClaudeTree(tmp_path / "claude")
    tree.session(SID, CWD).prompt(T0)
    broken = tmp_path / "claude" / "projects" / "-x" / "broken.jsonl"
    broken.parent.mkdir()
    broken.symlink_to("/proc/self/mem")                      # a file whose reading fails, even for root
    store = Store(tmp_path / "state")
    result = store.scan(environ=env_for(tmp_path))
    assert result.read == 1 and len(result.failed) == 1 and "broken.jsonl" in result.failed[0]
    assert [r.session_id for r in store.records()] == [SID]


def test_a_file_rewritten_in_place_and_longer_is_read_from_the_start(tmp_path):
    tree = ClaudeTree(tmp_path / "claude")
    session = tree.session(SID, CWD).prompt(T0).reply(T0 + 30)
    env = env_for(tmp_path)
    Store(tmp_path / "state").scan(environ=env)
    old = session.path.read_bytes()
    with open(session.path, "r+b") as handle:                 # same inode, other first bytes, longer
        handle.write(old.replace(b"2026-03-11T07:00:00", b"2026-03-11T06:59:00") + old)
    store = Store(tmp_path / "state")
    result = store.scan(environ=env)
    assert result.counts.lines == 4 and result.counts.malformed == 0
    assert sorted(store.records()[0].seconds) == [T0 - 60, T0, T0 + 30]
