"""Which project, task, tags and billable flag a session's time goes to.

Order, first answer wins: a per-repository file (``.punchclock.toml`` with ``project``, ``task``, ``tags``,
``billable``; or ``.wakatime-project``, first line) at the repository's top or above the session's
directory; then the rules of the rules file in order; then auto-match (a project named like the
repository, case-insensitively); then the fallback project; else the session is unmapped (listed in the
plan, pushed without a project). Task: a rule's ``task``, else an issue key found in the branch name.

The rules file (TOML)::

    [mapping]
    fallback_project = "Other"          # optional
    auto = true                          # match a project named like the repository
    tags = ["ai-session"]                # tags on every entry
    issue_pattern = '[A-Z][A-Z0-9]+-\\d+'

    [[mapping.rule]]
    match.remote = "github.com/acme/*"   # globs on the remote (host/org/repo), the path, the branch
    match.branch = "feat/*"
    project = "{repo}"                   # {repo} {org} {dir} {branch} {key}, regex groups {name} {1}
    task = "{key}"
    tags = ["client"]
    billable = true

    [[mapping.rule]]
    match.path_regex = '^/home/\\w+/clients/(?P<client>[^/]+)/'
    project = "{client}"
"""

from __future__ import annotations

import fnmatch
import os
import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from punchclock.errors import InvalidInput

REPO_FILES = (".punchclock.toml", ".wakatime-project")
_MATCH_KEYS = ("remote", "path", "path_regex", "branch")
_RULE_KEYS = {"match", "project", "task", "tags", "billable"}
_MAPPING_KEYS = {"rule", "fallback_project", "auto", "tags", "issue_pattern", "billable"}
_VARS = {"repo", "org", "dir", "branch", "key"}


@dataclass(frozen=True)
class Place:
    """Where a session ran: its first directory, repository top, origin remote, branch."""

    cwd: str | None = None
    git_root: str | None = None
    remote: str | None = None
    branch: str | None = None


@dataclass(frozen=True)
class Rule:
    """One ``[[mapping.rule]]``: conditions (all must hold) and what they give."""

    number: int
    line: int
    match: dict
    project: str | None = None
    task: str | None = None
    tags: tuple[str, ...] = ()
    billable: bool | None = None


@dataclass(frozen=True)
class Rules:
    """A loaded rules file (or the defaults when there is none)."""

    rules: tuple[Rule, ...] = ()
    fallback_project: str | None = None
    auto: bool = True
    tags: tuple[str, ...] = ()
    billable: bool | None = None
    issue_pattern: str = r"[A-Z][A-Z0-9]+-\d+"
    source: str = "(defaults)"


@dataclass(frozen=True)
class Target:
    """Where time goes: project and task names (None: none), tags, billable; ``how`` says which step chose."""

    project: str | None
    task: str | None = None
    tags: tuple[str, ...] = ()
    billable: bool | None = None
    how: str = "unmapped"
    steps: tuple[str, ...] = field(default=(), compare=False)


def rules_path(environ=os.environ) -> Path:
    """``$PUNCHCLOCK_SESSIONS_RULES``, else ``sessions.toml`` beside the config file."""
    if environ.get("PUNCHCLOCK_SESSIONS_RULES"):
        return Path(environ["PUNCHCLOCK_SESSIONS_RULES"]).expanduser()
    base = environ.get("XDG_CONFIG_HOME") or Path(environ.get("HOME") or Path.home()) / ".config"
    return Path(base) / "punchclock" / "sessions.toml"


def _rule_line(lines: list[str], number: int, key: str | None) -> int:
    headers = [i for i, text in enumerate(lines) if re.match(r"\s*\[\[\s*mapping\s*\.\s*rule\s*\]\]", text)]
    if number > len(headers):
        return 1
    start = headers[number - 1]
    end = headers[number] if number < len(headers) else len(lines)
    if key:
        for i in range(start, end):
            if re.match(rf"\s*(match\s*\.\s*)?{re.escape(key)}\s*=", lines[i]):
                return i + 1
    return start + 1


def _template(text, where: str, groups: set[str]) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where} must be a non-empty string")
    try:
        names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    unknown = {n for n in names if n not in _VARS | groups and not n.isdigit()}
    if unknown:
        raise ValueError(f"{where} uses unknown {{{sorted(unknown)[0]}}}; use {', '.join(sorted(_VARS | groups))}")
    return text


def _rule(number: int, data, lines: list[str]) -> Rule:
    def fail(key: str | None, reason: str):
        raise InvalidInput("rules", f"line {_rule_line(lines, number, key)}: rule {number}: {reason}")

    if not isinstance(data, dict):
        fail(None, "must be a table")
    for key in data:
        if key not in _RULE_KEYS:
            fail(key, f"unknown key {key!r}; use {', '.join(sorted(_RULE_KEYS))}")
    match = data.get("match") or {}
    if not isinstance(match, dict) or not match:
        fail("match", "needs match.remote, match.path, match.path_regex or match.branch")
    groups: set[str] = set()
    for key, value in match.items():
        if key not in _MATCH_KEYS:
            fail(key, f"unknown match.{key}; use {', '.join(_MATCH_KEYS)}")
        if not isinstance(value, str) or not value:
            fail(key, f"match.{key} must be a non-empty string")
        if key == "path_regex":
            try:
                groups = set(re.compile(value).groupindex)
            except re.error as exc:
                fail(key, f"match.path_regex is not a valid regex: {exc}")
    try:
        project = _template(data["project"], "project", groups) if "project" in data else None
        task = _template(data["task"], "task", groups) if "task" in data else None
    except ValueError as exc:
        fail(str(exc).split()[0], str(exc))
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        fail("tags", "tags must be a list of names")
    if "billable" in data and not isinstance(data["billable"], bool):
        fail("billable", "billable must be true or false")
    if project is None and task is None and not tags and "billable" not in data:
        fail(None, "gives nothing: set project, task, tags or billable")
    return Rule(number, _rule_line(lines, number, None), dict(match), project, task, tuple(tags), data.get("billable"))


def parse_rules(text: str, source: str = "rules") -> Rules:
    """Rules from TOML text; a mistake is an :class:`InvalidInput` naming the line and the reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InvalidInput("rules", f"{source}: line {found.group(1) if found else '?'}: {reason}") from None
    lines = text.splitlines()
    mapping = data.get("mapping", {})
    try:
        if not isinstance(mapping, dict):
            raise InvalidInput("rules", "line 1: [mapping] must be a table")
        for key in mapping:
            if key not in _MAPPING_KEYS:
                line = next((i + 1 for i, t in enumerate(lines) if re.match(rf"\s*{re.escape(key)}\s*=", t)), 1)
                raise InvalidInput("rules", f"line {line}: unknown key {key!r} in [mapping]; use "
                                            f"{', '.join(sorted(_MAPPING_KEYS))}")
        rules = mapping.get("rule", [])
        if not isinstance(rules, list):
            raise InvalidInput("rules", "line 1: mapping.rule must be an array of tables ([[mapping.rule]])")
        pattern = mapping.get("issue_pattern", Rules.issue_pattern)
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise InvalidInput("rules", f"issue_pattern is not a valid regex: {exc}") from None
        fallback = mapping.get("fallback_project")
        if fallback is not None and (not isinstance(fallback, str) or not fallback.strip()):
            raise InvalidInput("rules", "fallback_project must be a project name")
        tags = mapping.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
            raise InvalidInput("rules", "[mapping] tags must be a list of names")
        return Rules(tuple(_rule(i + 1, r, lines) for i, r in enumerate(rules)), fallback or None,
                     bool(mapping.get("auto", True)), tuple(tags), mapping.get("billable"), pattern, source)
    except InvalidInput as exc:
        raise InvalidInput("rules", f"{source}: {str(exc).removeprefix('rules: ')}") from None


def load_rules(path: Path | None = None) -> Rules:
    """The rules file at ``path`` (default :func:`rules_path`); defaults when it does not exist."""
    path = Path(path) if path else rules_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Rules()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("rules", f"cannot read {path}: {exc}") from None
    return parse_rules(text, str(path))


def _names(place: Place, key: str | None) -> dict:
    parts = (place.remote or "").split("/")
    repo = parts[-1] if place.remote else Path(place.git_root or place.cwd or "").name
    org = parts[-2] if len(parts) >= 2 else ""
    return {"repo": repo, "org": org, "dir": Path(place.cwd or "").name, "branch": place.branch or "", "key": key or ""}


def _matches(rule: Rule, place: Place) -> tuple[bool, str, dict]:
    groups: dict = {}
    said = []
    for key, pattern in rule.match.items():
        if key == "remote":
            value = place.remote or ""
            ok = bool(value) and fnmatch.fnmatch(value.lower(), pattern.lower())
        elif key == "branch":
            value = place.branch or ""
            ok = bool(value) and fnmatch.fnmatch(value, pattern)
        elif key == "path":
            value, glob = place.cwd or "", os.path.expanduser(pattern).rstrip("/")
            ok = bool(value) and (fnmatch.fnmatch(value, glob) or fnmatch.fnmatch(value, glob + "/*"))
        else:
            value = place.cwd or ""
            found = re.search(pattern, value)
            ok = found is not None
            if found:
                groups = {**{str(i + 1): g or "" for i, g in enumerate(found.groups())},
                          **{k: v or "" for k, v in found.groupdict().items()}}
        said.append(f"{key} {pattern!r} {'matches' if ok else 'does not match'} {value or '(none)'!r}")
        if not ok:
            return False, "; ".join(said), {}
    return True, "; ".join(said), groups


def _repo_file(place: Place) -> tuple[Path, dict] | None:
    if not place.cwd:
        return None
    here = Path(place.cwd)
    stop = Path(place.git_root) if place.git_root else None
    for directory in (here, *here.parents):
        for name in REPO_FILES:
            path = directory / name
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if name == ".wakatime-project":
                first = text.strip().splitlines()[0].strip() if text.strip() else ""
                return (path, {"project": first}) if first else None
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise InvalidInput("repo file", f"{path}: {exc}") from None
            return path, data.get("sessions", data)
        if stop is None or directory == stop:
            break
    return None


def _pick(name: str | None, projects: list[str]) -> str | None:
    if not name:
        return None
    lowered = name.lower()
    return next((p for p in projects if p.lower() == lowered), None)


def resolve(place: Place, rules: Rules, projects: list[str]) -> Target:
    """Where a session at ``place`` goes, given the tracker's project names; ``steps`` explain the choice."""
    found = re.search(rules.issue_pattern, place.branch or "")
    key = found.group(0) if found else None
    names = _names(place, key)
    steps = [f"place: cwd {place.cwd!r}, repository {place.git_root or '(none)'!r}, "
             f"remote {place.remote or '(none)'!r}, branch {place.branch or '(none)'!r}"]
    default_task = key

    def done(project, task, tags, billable, how):
        steps.append(f"-> project {project or '(none)'}, task {task or '(none)'}, tags {list(tags)}, "
                     f"billable {'(project default)' if billable is None else billable}")
        return Target(project, task, tuple(dict.fromkeys((*rules.tags, *tags))),
                      rules.billable if billable is None else billable, how, tuple(steps))

    repo = _repo_file(place)
    if repo:
        path, data = repo
        steps.append(f"repo file {path}: project {data.get('project')!r}")
        if isinstance(data.get("project"), str):
            return done(data["project"], data.get("task") or default_task, tuple(data.get("tags") or ()),
                        data.get("billable"), f"repo file {path.name}")
    for rule in rules.rules:
        ok, said, groups = _matches(rule, place)
        steps.append(f"rule {rule.number} (line {rule.line}): {said}")
        if ok:
            values = {**names, **groups}
            project = rule.project.format_map(values) if rule.project else None
            task = rule.task.format_map(values) if rule.task else default_task
            if project:
                return done(project, task, rule.tags, rule.billable, f"rule {rule.number}")
            steps.append(f"rule {rule.number} sets no project: its task, tags and billable apply")
            default_task, extra = task, rule.tags
            rules = Rules(rules.rules, rules.fallback_project, rules.auto, (*rules.tags, *extra),
                          rule.billable if rule.billable is not None else rules.billable, rules.issue_pattern)
    if rules.auto:
        for label, candidate in (("repository", names["repo"]),
                                 ("directory", Path(place.git_root).name if place.git_root else "")):
            chosen = _pick(candidate, projects)
            steps.append(f"auto: {label} name {candidate or '(none)'!r} "
                         f"{'is project ' + repr(chosen) if chosen else 'names no project'}")
            if chosen:
                return done(chosen, default_task, (), None, f"auto ({label} name)")
    if rules.fallback_project:
        steps.append(f"fallback project {rules.fallback_project!r}")
        return done(rules.fallback_project, default_task, (), None, "fallback")
    steps.append("nothing matched: unmapped")
    return done(None, None, (), None, "unmapped")


def place_of(path: str) -> Place:
    """The place of a directory as a session there would see it (for ``map --explain``)."""
    from punchclock.sessions import gitinfo

    directory = os.path.abspath(os.path.expanduser(path))
    found = gitinfo.locate(directory)
    return Place(directory, found.root, found.remote, gitinfo.branch(found.root))
