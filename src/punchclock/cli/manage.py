"""``punch projects|clients|tags|tasks|users|groups|webhooks ...``: every resource by name.

Each group is built from a small description of its resource (how to list, show, create,
update, archive and delete), so the groups behave alike: names or ids everywhere, the same
``--format`` choices, and writes that show their plan and ask unless ``--yes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import typer

from punchclock.cli.common import DRY_RUN, FORMAT, STATE, YES, check_format, command, complete_names, confirm
from punchclock.cli.output import Column, hours, render


@dataclass
class Kind:
    """How one resource is listed, named and changed."""

    plural: str
    singular: str
    catalog: str
    columns: list[Column]
    archivable: bool = True
    writable: bool = True
    extra_create: Callable | None = None
    fields: list[str] = field(default_factory=list)


KINDS = {
    "projects": Kind("projects", "project", "projects", [
        Column("ID", lambda p: p.id, wrap=False), Column("Name", lambda p: p.name),
        Column("Client", lambda p: p.client_name), Column("Billable", lambda p: "yes" if p.billable else "no"),
        Column("Rate", lambda p: p.rate or "", justify="right"),
        Column("Tracked", lambda p: hours(p.tracked.total_seconds()) if p.tracked else "", justify="right"),
        Column("Archived", lambda p: "yes" if p.archived else ""),
    ]),
    "clients": Kind("clients", "client", "clients", [
        Column("ID", lambda c: c.id, wrap=False), Column("Name", lambda c: c.name), Column("Email", lambda c: c.email),
        Column("Archived", lambda c: "yes" if c.archived else ""),
    ]),
    "tags": Kind("tags", "tag", "tags", [
        Column("ID", lambda t: t.id, wrap=False), Column("Name", lambda t: t.name),
        Column("Archived", lambda t: "yes" if t.archived else ""),
    ]),
    "groups": Kind("groups", "group", "groups", [
        Column("ID", lambda g: g.id, wrap=False), Column("Name", lambda g: g.name),
        Column("Members", lambda g: len(g.user_ids), justify="right"),
    ], archivable=False),
    "users": Kind("users", "user", "users", [
        Column("ID", lambda u: u.id, wrap=False), Column("Name", lambda u: u.name), Column("Email", lambda u: u.email),
        Column("Status", lambda u: u.status),
    ], archivable=False, writable=False),
}


def _items(kind: Kind, provider) -> list:
    return getattr(provider, kind.plural)()


def _find(kind: Kind, provider, name: str):
    from punchclock.resolve import resolve

    return resolve(name, _items(kind, provider), kind.singular)


def build(kind: Kind) -> typer.Typer:
    """The command group of one resource."""
    app = typer.Typer(help=f"List and manage {kind.plural}.\n\nExample: punch {kind.plural} list", no_args_is_help=True)
    name_arg = typer.Argument(..., help=f"The {kind.singular}'s name, unique prefix or id.",
                              autocompletion=complete_names(kind.catalog))

    @command(app, "list", help=f"List {kind.plural}.\n\nExample: punch {kind.plural} list --format csv")
    def list_(fmt: str = FORMAT,
              name: str = typer.Option(None, "--name", help="Only names containing this."),
              archived: bool = typer.Option(None, "--archived/--active", help="Only archived, or only active.")) -> None:
        check_format(fmt)
        rows = _items(kind, STATE.provider())
        if name:
            rows = [r for r in rows if name.lower() in r.name.lower()]
        if archived is not None and kind.archivable:
            rows = [r for r in rows if r.archived == archived]
        render(rows, kind.columns, fmt, total=f"{len(rows)} {kind.plural}")

    @command(app, "show", help=f"Show one {kind.singular}.\n\nExample: punch {kind.plural} show NAME --format json")
    def show(name: str = name_arg, fmt: str = FORMAT) -> None:
        check_format(fmt)
        render([_find(kind, STATE.provider(), name)], kind.columns, fmt)

    if not kind.writable:
        return app

    def _create(name: str, extra: dict, yes: bool, dry_run: bool) -> None:
        detail = [f"{k.removesuffix('_id')}: {v}" for k, v in extra.items() if v is not None]
        if confirm(f"create {kind.singular} '{name}'", yes=yes, dry_run=dry_run, detail=detail):
            made = STATE.provider().create(kind.plural, name, **extra)
            typer.echo(f"created {kind.singular} '{made.name}' ({made.id})")

    create_help = f"Create a {kind.singular}.\n\nExample: punch {kind.plural} create \"New name\" --yes"
    if kind.plural == "projects":
        @command(app, "create", help=create_help)
        def create(name: str = typer.Argument(..., help="The new name."),
                   client_name: str = typer.Option(None, "--client", help="The client's name or id.",
                                                   autocompletion=complete_names("clients")),
                   billable: bool = typer.Option(None, "--billable/--non-billable", help="Billable or not."),
                   yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
            from punchclock.catalog import Catalog

            client_id = Catalog(STATE.provider()).client_named(client_name).id if client_name else None
            _create(name, {"client_id": client_id, "billable": billable}, yes, dry_run)
    else:
        @command(app, "create", help=create_help)
        def create(name: str = typer.Argument(..., help="The new name."), yes: bool = YES,
                   dry_run: bool = DRY_RUN) -> None:
            _create(name, {}, yes, dry_run)

    @command(app, "update", help=f"Rename a {kind.singular}.\n\nExample: punch {kind.plural} update OLD --name NEW --yes")
    def update(name: str = name_arg, new_name: str = typer.Option(..., "--name", help="The new name."),
               yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
        provider = STATE.provider()
        item = _find(kind, provider, name)
        if confirm(f"rename {kind.singular} '{item.name}' to '{new_name}'", yes=yes, dry_run=dry_run):
            made = provider.rename(kind.plural, item, new_name)
            typer.echo(f"renamed to '{new_name}' ({made.id})")

    if kind.archivable:
        @command(app, "archive", help=f"Archive a {kind.singular} (some trackers need this before deleting).\n\n"
                                      f"Example: punch {kind.plural} archive NAME --yes")
        def archive(name: str = name_arg, yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
            provider = STATE.provider()
            item = _find(kind, provider, name)
            if confirm(f"archive {kind.singular} '{item.name}'", yes=yes, dry_run=dry_run):
                provider.archive(kind.plural, item)
                typer.echo(f"archived {kind.singular} '{item.name}'")

    @command(app, "delete", help=f"Delete a {kind.singular}.\n\nExample: punch {kind.plural} delete NAME --yes")
    def delete(name: str = name_arg, yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
        provider = STATE.provider()
        item = _find(kind, provider, name)
        if confirm(f"delete {kind.singular} '{item.name}' ({item.id})", yes=yes, dry_run=dry_run):
            provider.delete(kind.plural, item)
            typer.echo(f"deleted {kind.singular} '{item.name}'")

    return app


TASK_COLUMNS = [Column("ID", lambda t: t.id, wrap=False), Column("Name", lambda t: t.name),
                Column("Status", lambda t: t.status),
                Column("Estimate", lambda t: hours(t.estimate.total_seconds()) if t.estimate else "", justify="right"),
                Column("Tracked", lambda t: hours(t.tracked.total_seconds()) if t.tracked else "", justify="right")]
tasks_app = typer.Typer(help="List and manage the tasks of a project.\n\nExample: punch tasks list -p web",
                        no_args_is_help=True)
PROJECT = typer.Option(..., "--project", "-p", help="The project's name, unique prefix or id.",
                       autocompletion=complete_names("projects"))


def _task(project: str, name: str):
    from punchclock.catalog import Catalog

    catalog = Catalog(STATE.provider())
    found = catalog.project(project)
    return found, catalog.task(found, name)


@command(tasks_app, "list")
def tasks_list(project: str = PROJECT, fmt: str = FORMAT) -> None:
    """List a project's tasks.

    Example: punch tasks list -p web --format md
    """
    from punchclock.catalog import Catalog

    check_format(fmt)
    found = Catalog(STATE.provider()).project(project)
    rows = found.tasks or []
    render(rows, TASK_COLUMNS, fmt, total=f"{len(rows)} tasks of {found.name}")


@command(tasks_app, "show")
def tasks_show(name: str = typer.Argument(..., help="Task name, prefix or id."), project: str = PROJECT,
               fmt: str = FORMAT) -> None:
    """Show one task.

    Example: punch tasks show dev -p web
    """
    check_format(fmt)
    render([_task(project, name)[1]], TASK_COLUMNS, fmt)


@command(tasks_app, "create")
def tasks_create(name: str = typer.Argument(..., help="The new task's name."), project: str = PROJECT,
                 yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Create a task on a project.

    Example: punch tasks create "Code review" -p web --yes
    """
    from punchclock.catalog import Catalog

    found = Catalog(STATE.provider()).project(project)
    if confirm(f"create task '{name}' on {found.name}", yes=yes, dry_run=dry_run):
        made = STATE.provider().create_task(found, name)
        typer.echo(f"created task '{made.name}' ({made.id}) on {found.name}")


@command(tasks_app, "update")
def tasks_update(name: str = typer.Argument(..., help="Task name, prefix or id."), project: str = PROJECT,
                 new_name: str = typer.Option(..., "--name", help="The new name."), yes: bool = YES,
                 dry_run: bool = DRY_RUN) -> None:
    """Rename a task.

    Example: punch tasks update dev -p web --name Development --yes
    """
    found, task = _task(project, name)
    if confirm(f"rename task '{task.name}' to '{new_name}'", yes=yes, dry_run=dry_run):
        STATE.provider().update_task(found, task, name=new_name)
        typer.echo(f"renamed task to '{new_name}'")


@command(tasks_app, "archive")
def tasks_archive(name: str = typer.Argument(..., help="Task name, prefix or id."), project: str = PROJECT,
                  yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Mark a task DONE (Clockify needs this before deleting it).

    Example: punch tasks archive dev -p web --yes
    """
    found, task = _task(project, name)
    if confirm(f"mark task '{task.name}' done", yes=yes, dry_run=dry_run):
        STATE.provider().update_task(found, task, done=True)
        typer.echo(f"task '{task.name}' is done")


@command(tasks_app, "delete")
def tasks_delete(name: str = typer.Argument(..., help="Task name, prefix or id."), project: str = PROJECT,
                 yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Delete a task that is done.

    Example: punch tasks delete dev -p web --yes
    """
    found, task = _task(project, name)
    if confirm(f"delete task '{task.name}' of {found.name}", yes=yes, dry_run=dry_run):
        STATE.provider().delete_task(found, task)
        typer.echo(f"deleted task '{task.name}'")


WEBHOOK_COLUMNS = [Column("ID", lambda w: w.id, wrap=False), Column("Name", lambda w: w.name),
                   Column("Event", lambda w: w.event), Column("URL", lambda w: w.url),
                   Column("Enabled", lambda w: "yes" if w.enabled else "no")]
webhooks_app = typer.Typer(help="List and manage webhooks.\n\nExample: punch webhooks list", no_args_is_help=True)


def _hooks() -> list:
    return STATE.provider().webhooks()


def _tokenless(hook):
    """A webhook with its signing token left out (of the record and of its JSON)."""
    from dataclasses import replace

    return replace(hook, token=None, raw={k: v for k, v in hook.raw.items() if k != "authToken"})


def _hook(name: str):
    from punchclock.resolve import resolve

    return resolve(name, _hooks(), "webhook", name=lambda w: w.name or "")


@command(webhooks_app, "list")
def webhooks_list(fmt: str = FORMAT) -> None:
    """List webhooks (their tokens are not shown).

    Example: punch webhooks list --format json
    """
    check_format(fmt)
    rows = [_tokenless(w) for w in _hooks()]
    render(rows, WEBHOOK_COLUMNS, fmt, total=f"{len(rows)} webhooks")


@command(webhooks_app, "show")
def webhooks_show(name: str = typer.Argument(..., help="Webhook name, prefix or id."), fmt: str = FORMAT,
                  show_token: bool = typer.Option(False, "--show-token", help="Also print the signing token.")) -> None:
    """Show one webhook.

    Example: punch webhooks show sync --show-token
    """
    check_format(fmt)
    hook = _hook(name)
    render([hook if show_token else _tokenless(hook)], WEBHOOK_COLUMNS, fmt)
    if show_token and fmt == "table":
        typer.echo(f"token: {hook.token}")


@command(webhooks_app, "create")
def webhooks_create(name: str = typer.Argument(..., help="Name (2 to 30 characters)."),
                    url: str = typer.Option(..., "--url", help="Where Clockify will POST."),
                    event: str = typer.Option(..., "--event", help="Event, e.g. NEW_TIME_ENTRY."),
                    yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Create a webhook for one event.

    Example: punch webhooks create sync --url https://example.org/hook --event NEW_TIME_ENTRY --yes
    """
    if confirm(f"create webhook '{name}' for {event} to {url}", yes=yes, dry_run=dry_run):
        made = STATE.provider().create_webhook(name, url, event)
        typer.echo(f"created webhook '{made.name}' ({made.id}); `punch webhooks show {made.name} --show-token` "
                   "prints its signing token")


@command(webhooks_app, "update")
def webhooks_update(name: str = typer.Argument(..., help="Webhook name, prefix or id."),
                    url: str = typer.Option(None, "--url", help="New URL."),
                    event: str = typer.Option(None, "--event", help="New event."),
                    new_name: str = typer.Option(None, "--name", help="New name."),
                    yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Change a webhook's name, URL or event.

    Example: punch webhooks update sync --url https://example.org/new --yes
    """
    hook = _hook(name)
    if confirm(f"update webhook '{hook.name}'", yes=yes, dry_run=dry_run):
        STATE.provider().update_webhook(hook, name=new_name, url=url, event=event)
        typer.echo(f"updated webhook '{new_name or hook.name}'")


@command(webhooks_app, "delete")
def webhooks_delete(name: str = typer.Argument(..., help="Webhook name, prefix or id."), yes: bool = YES,
                    dry_run: bool = DRY_RUN) -> None:
    """Delete a webhook.

    Example: punch webhooks delete sync --yes
    """
    hook = _hook(name)
    if confirm(f"delete webhook '{hook.name}'", yes=yes, dry_run=dry_run):
        STATE.provider().delete_webhook(hook)
        typer.echo(f"deleted webhook '{hook.name}'")


def groups() -> dict[str, typer.Typer]:
    """Every resource group by its command name."""
    out = {name: build(kind) for name, kind in KINDS.items()}
    out["tasks"] = tasks_app
    out["webhooks"] = webhooks_app
    return out
