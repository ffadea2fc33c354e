"""Transcript parsing throughput, peak memory and re-scan time of ``punchclock.sessions``.

Generates ``--size`` MB (default 1024) of Claude Code transcripts in the real line format (hook
progress lines, assistant text and tool calls, tool results that repeat their output under
``toolUseResult``, prompts, subagent progress with nested messages), then measures, each in its own
process so peak memory (max RSS) is its own:

* baseline: a plain ``json.loads`` loop over the lines;
* parse: ``sources.claude_code.read`` yielding events;
* scan: ``Store.scan`` (parse, fold into session records, write them and the file marks);
* re-scan: ``Store.scan`` again over the unchanged files.

Times are CPU seconds of the measuring process (``time.process_time``), so a busy machine does not
blur the comparison. Targets: parse at least twice the baseline's MB/s, scan peak memory under 300 MB,
re-scan under 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILE_MB = 8
SID = "00000000-0000-4000-8000-000000000000"
WORDS = ("the of and to in is that for it as with was on be by this are from or an function return self value "
         "data file line code test error import class def").split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)) + '\n\tx = "quoted" \\ path é'


def _envelope(ts: int, kind: str, rng: random.Random, **fields) -> dict:
    data = {"parentUuid": f"{rng.getrandbits(128):032x}", "isSidechain": False, "userType": "external",
            "cwd": "/home/dev/projects/app", "sessionId": SID, "version": "2.1.39", "gitBranch": "feat/APP-12-x",
            "type": kind}
    tail = fields.pop("toolUseResult", None)
    data.update(fields)
    data["uuid"] = f"{rng.getrandbits(128):032x}"
    data["timestamp"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{rng.randrange(1000):03d}Z"
    if tail is not None:
        data["toolUseResult"] = tail
    return data


def template(target_bytes: int, seed: int = 1) -> bytes:
    """One session's transcript of about ``target_bytes``, in the mix real 2.1 transcripts show."""
    rng, out, size, ts = random.Random(seed), [], 0, 1_770_000_000
    while size < target_bytes:
        ts += rng.randrange(1, 30)
        pick = rng.random()
        if pick < 0.55:
            line = _envelope(ts, "progress", rng, data={"type": "hook_progress", "hookEvent": "PostToolUse",
                                                         "command": "hook.sh"}, toolUseID="t", parentToolUseID="t")
        elif pick < 0.70:
            call = f"toolu_{rng.getrandbits(80):020x}"
            line = _envelope(ts, "assistant", rng, requestId="req_1", message={
                "model": "claude-opus-4-6", "id": "msg_1", "type": "message", "role": "assistant",
                "content": [{"type": "tool_use", "id": call, "name": "Bash", "input": {"command": _text(rng, 12)}}],
                "stop_reason": "tool_use", "usage": {"input_tokens": 3, "output_tokens": 9}})
        elif pick < 0.82:
            body = _text(rng, rng.randrange(50, 2500))
            line = _envelope(ts, "user", rng, message={"role": "user", "content": [
                {"tool_use_id": "toolu_x", "type": "tool_result", "content": body}]},
                toolUseResult={"stdout": body, "stderr": "", "interrupted": False})
        elif pick < 0.94:
            line = _envelope(ts, "assistant", rng, requestId="req_2", message={
                "model": "claude-opus-4-6", "id": "msg_2", "type": "message", "role": "assistant",
                "content": [{"type": "text", "text": _text(rng, rng.randrange(20, 400))}], "usage": {"input_tokens": 3}})
        elif pick < 0.97:
            nested = _envelope(ts - 1, "user", rng, message={"role": "user", "content": _text(rng, 40)})
            line = _envelope(ts, "progress", rng, data={"type": "agent_progress", "agentId": "a1", "message": nested})
        else:
            line = _envelope(ts, "user", rng, message={"role": "user", "content": _text(rng, 30)})
        encoded = json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        out.append(encoded)
        size += len(encoded)
    return b"".join(out)


def generate(root: Path, total_mb: int) -> int:
    """Write ``total_mb`` of transcripts under ``root/projects``; returns the bytes written."""
    block = template(min(FILE_MB, total_mb) * 1_000_000)
    written, n = 0, 0
    while written < total_mb * 1_000_000:
        sid = f"00000000-0000-4000-8000-{n:012d}"
        path = root / "projects" / f"-home-dev-projects-app{n % 20}" / f"{sid}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(block.replace(SID.encode(), sid.encode()))
        written += len(block)
        n += 1
    return written


def child(kind: str, root: Path) -> dict:
    """Run one measurement in this process and return its figures."""
    import os

    from punchclock.sessions.sources import Counts, claude_code
    from punchclock.sessions.store import Store

    env = {**os.environ, "CLAUDE_CONFIG_DIR": str(root), "CODEX_HOME": str(root / "no-codex")}
    files = list(claude_code.discover(env))
    size = sum(p.stat().st_size for p in files)
    started = time.process_time()
    lines = events = 0
    if kind == "baseline":
        for path in files:
            with open(path, "rb") as handle:
                for line in handle:
                    json.loads(line)
                    lines += 1
        events = lines
    elif kind == "parse":
        counts = Counts()
        for path in files:
            for _ in claude_code.read(path, 0, {}, counts):
                pass
        lines, events = counts.lines, counts.events
    else:
        result = Store(root / "state").scan(("claude",), environ=env)
        lines, events = result.counts.lines, result.counts.events
    seconds = time.process_time() - started
    return {"kind": kind, "seconds": seconds, "mb": size / 1e6, "lines": lines, "events": events,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(kind: str, root: Path) -> dict:
    """One measurement in a fresh process."""
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(root)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def main() -> None:
    """Generate, measure, print a table and the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1024, help="MB of transcripts to generate (default 1024)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    root = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    try:
        started = time.perf_counter()
        written = generate(root, args.size)
        print(f"generated {written / 1e6:.0f} MB of transcripts in {time.perf_counter() - started:.1f} s")
        rows = [measure(kind, root) for kind in ("baseline", "parse", "scan", "rescan")]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{'run':<10}{'CPU s':>9}{'MB/s':>9}{'events/s':>12}{'peak MB':>9}")
    for row in rows:
        print(f"{row['kind']:<10}{row['seconds']:>9.2f}{row['mb'] / row['seconds']:>9.0f}"
              f"{row['events'] / row['seconds'] if row['events'] else 0:>12.0f}{row['peak_mb']:>9.0f}")
    base, parse, scan, rescan = rows
    ratio = (parse["mb"] / parse["seconds"]) / (base["mb"] / base["seconds"])
    print(f"parse vs json.loads baseline: {ratio:.2f}x (target 2x) -> {'met' if ratio >= 2 else 'MISSED'}")
    print(f"scan peak memory: {scan['peak_mb']:.0f} MB (target < 300) -> {'met' if scan['peak_mb'] < 300 else 'MISSED'}")
    print(f"re-scan of unchanged files: {rescan['seconds']:.3f} s (target < 1) -> "
          f"{'met' if rescan['seconds'] < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
