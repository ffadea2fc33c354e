"""``punch edit ID --editor``: an entry as a small TOML file in ``$VISUAL``/``$EDITOR``, read back as options."""

from __future__ import annotations

import json

from punchclock.cli import times


def toml_view(entry, catalog) -> str:
    """The entry's editable fields as TOML, names instead of ids, times in the zone in use."""
    def text(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# Edit and save; delete a line to keep that field as it is. Times are in your zone.",
        f"description = {text(entry.description)}",
        f"project = {text(catalog.project_name(entry.project_id))}",
        f"task = {text(catalog.task_name(entry.task_id))}",
        f"tags = [{', '.join(text(t) for t in catalog.tag_names(entry.tag_ids))}]",
        f"billable = {'true' if entry.billable else 'false'}",
        f"start = {text(times.local(entry.start))}",
        f"end = {text(times.local(entry.end) if entry.end else '')}",
    ]
    return "\n".join(lines) + "\n"


def edit_in_editor(entry, catalog) -> tuple:
    """Open the entry in the editor; returns ``(description, project, task, tags, billable, start, end,
    clear_tags)`` with None for what did not change. Nothing changed or an unreadable file is an error."""
    import tomllib

    from punchclock.errors import InvalidInput

    before = toml_view(entry, catalog)
    after = _run_editor(before)
    if after == before:
        raise InvalidInput("--editor", "nothing was changed in the editor")
    try:
        old, new = tomllib.loads(before), tomllib.loads(after)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput("--editor", f"the edited file is not valid TOML: {exc}") from None
    changed = {k: v for k, v in new.items() if k in old and old[k] != v}
    unknown = sorted(set(new) - set(old))
    if unknown:
        raise InvalidInput("--editor", f"unknown field {unknown[0][:30]!r}; use {', '.join(old)}")
    tags = changed.get("tags")
    if tags is not None and not isinstance(tags, list):
        raise InvalidInput("--editor", "tags must be a list like [\"a\", \"b\"]")
    return (changed.get("description"), changed.get("project") or None, changed.get("task") or None,
            tags or None, changed.get("billable"), changed.get("start") or None, changed.get("end") or None,
            tags == [])


def _run_editor(text: str) -> str:
    """``text`` after ``$VISUAL`` / ``$EDITOR`` (else ``vi``) has edited it in a temporary ``.toml`` file."""
    import os
    import shlex
    import subprocess
    import tempfile

    from punchclock.errors import InvalidInput

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, path = tempfile.mkstemp(prefix="punch-entry-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            code = subprocess.call([*shlex.split(editor), path])
        except (OSError, ValueError) as exc:
            raise InvalidInput("--editor", f"cannot run the editor {editor[:40]!r}: {exc}; set $EDITOR") from None
        if code != 0:
            raise InvalidInput("--editor", f"the editor exited with status {code}; nothing was changed")
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(path)
