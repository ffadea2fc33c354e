"""Mapping rules: repo file, rules in order, auto by repository name, fallback, unmapped, errors by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from punchclock.errors import InvalidInput
from punchclock.sessions.mapping import Place, Rules, parse_rules, place_of, resolve

PROJECTS = ["Spotter", "Acme Web", "API", "Other"]
RULES = '''
[mapping]
fallback_project = "Other"
tags = ["ai-session"]

[[mapping.rule]]
match.remote = "github.com/acme/*"
match.branch = "feat/*"
project = "Acme Web"
tags = ["client"]
billable = true

[[mapping.rule]]
match.path = "~/projects/spotter-worktrees/*"
project = "Spotter"

[[mapping.rule]]
match.path_regex = '^/home/\\w+/clients/(?P<client>[^/]+)/'
project = "{client}"
task = "Support"
'''


def make_repo(top: Path, remote: str, branch: str = "main", worktree_of: Path | None = None) -> Path:
    """A repository as git leaves it on disk (config with the origin, HEAD); a worktree points at its main one."""
    if worktree_of is not None:
        git_dir = worktree_of / ".git" / "worktrees" / top.name
        git_dir.mkdir(parents=True)
        (git_dir / "commondir").write_text("../..\n")
        (git_dir / "HEAD").write_text(f"ref: refs/heads/{branch}\n")
        top.mkdir(parents=True)
        (top / ".git").write_text(f"gitdir: {git_dir}\n")
        return top
    (top / ".git").mkdir(parents=True)
    (top / ".git" / "config").write_text(f'[core]\n\tbare = false\n[remote "origin"]\n\turl = {remote}\n')
    (top / ".git" / "HEAD").write_text(f"ref: refs/heads/{branch}\n")
    return top


def test_rules_in_order_with_conditions_templates_and_the_branch_key(monkeypatch):
    monkeypatch.setenv("HOME", "/home/dev")
    rules = parse_rules(RULES)
    acme = resolve(Place("/src/web", "/src/web", "github.com/acme/web", "feat/ACME-7-login"), rules, PROJECTS)
    assert (acme.project, acme.task, acme.tags, acme.billable, acme.how) == (
        "Acme Web", "ACME-7", ("ai-session", "client"), True, "rule 1")
    on_main = resolve(Place("/src/web", "/src/web", "github.com/acme/web", "main"), rules, PROJECTS)
    assert on_main.how == "fallback" and on_main.project == "Other"
    spot = resolve(Place("/home/dev/projects/spotter-worktrees/spotter-dov/assets"), rules, PROJECTS)
    assert (spot.project, spot.how) == ("Spotter", "rule 2")
    client = resolve(Place("/home/dev/clients/Initech/app"), rules, PROJECTS)
    assert (client.project, client.task) == ("Initech", "Support")


def test_auto_match_by_repository_name_then_fallback_then_unmapped():
    auto = resolve(Place("/x/api", "/x/api", "gitlab.com/team/api", "PAY-12-fix"), Rules(), PROJECTS)
    assert (auto.project, auto.task, auto.how) == ("API", "PAY-12", "auto (repository name)")
    none = resolve(Place("/tmp/scratch"), Rules(), PROJECTS)
    assert (none.project, none.how) == (None, "unmapped")
    assert resolve(Place("/tmp/scratch"), Rules(fallback_project="Other"), PROJECTS).project == "Other"


def test_a_repo_file_comes_first_and_worktrees_find_their_remote(tmp_path):
    main = make_repo(tmp_path / "spotter", "git@github.com:marot/spotter.git")
    tree = make_repo(tmp_path / "wt" / "spotter-dov", "", branch="SPOT-9-x", worktree_of=main)
    place = place_of(str(tree))
    assert (place.remote, place.branch, place.git_root) == ("github.com/marot/spotter", "SPOT-9-x", str(tree))
    assert resolve(place, Rules(), PROJECTS).project == "Spotter"
    (tree / ".punchclock.toml").write_text('project = "Acme Web"\ntags = ["x"]\n')
    (tree / "sub").mkdir()
    target = resolve(place_of(str(tree / "sub")), Rules(), PROJECTS)
    assert (target.project, target.task, target.tags, target.how) == ("Acme Web", "SPOT-9", ("x",), "repo file .punchclock.toml")
    (tree / ".punchclock.toml").unlink()
    (tree / ".wakatime-project").write_text("API\nbranch\n")
    assert resolve(place, Rules(), PROJECTS).project == "API"


def test_explain_lists_every_step():
    target = resolve(Place("/src/web", "/src/web", "github.com/acme/web", "main"), parse_rules(RULES), PROJECTS)
    text = "\n".join(target.steps)
    assert "rule 1 (line 6): remote 'github.com/acme/*' matches 'github.com/acme/web'; branch 'feat/*' does not match 'main'" in text
    assert "fallback project 'Other'" in text and text.endswith("billable (project default)")


@pytest.mark.parametrize("text, expected", [
    ('[mapping\nx = 1', "line 1: "),
    ('[[mapping.rule]]\nmatch.path = "/a"\nproject = "P"\n\n[[mapping.rule]]\nmatch.path_regex = "(unclosed"\nproject = "Q"\n',
     "line 6: rule 2: match.path_regex is not a valid regex"),
    ('[[mapping.rule]]\nmatch.path = "/a"\nprojet = "P"\n', "line 3: rule 1: unknown key 'projet'"),
    ('[[mapping.rule]]\nmatch.path = "/a"\nproject = "{client}"\n', "line 3: rule 1: project uses unknown {client}"),
    ('[[mapping.rule]]\nmatch.host = "/a"\nproject = "P"\n', "line 2: rule 1: unknown match.host"),
    ('[mapping]\nfalback_project = "x"\n', "line 2: unknown key 'falback_project'"),
])
def test_a_broken_rules_file_names_the_line_and_the_reason(text, expected):
    with pytest.raises(InvalidInput) as caught:
        parse_rules(text, "sessions.toml")
    assert f"sessions.toml: {expected}" in str(caught.value)
