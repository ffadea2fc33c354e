"""Names to ids: the workspace's projects (with their tasks), clients, tags and users, loaded lazily
from the provider (which fetches them with as few requests as it can)."""

from __future__ import annotations

from functools import cached_property

from punchclock.errors import AuthenticationError, ConfigError, InvalidInput, PunchclockError
from punchclock.resolve import resolve


class Catalog:
    """Lazily loaded lookup tables of one workspace, for resolving what people type."""

    def __init__(self, provider):
        self.provider = provider

    @cached_property
    def projects(self) -> list:
        """Every project, tasks included."""
        return self.provider.projects()

    @cached_property
    def tags(self) -> list:
        """Every tag."""
        return self.provider.tags()

    @cached_property
    def clients(self) -> list:
        """Every client."""
        return self.provider.clients()

    @cached_property
    def users(self) -> list:
        """Every member of the workspace."""
        return self.provider.users()

    def project(self, name: str):
        """The project a name, prefix or id means (active ones first, then archived)."""
        return _active_first(name, self.projects, "project")

    def task(self, project, name: str):
        """A task of ``project`` by name, prefix or id."""
        return resolve(name, project.tasks or [], "task")

    def tag(self, name: str):
        """A tag by name, prefix or id, active ones first, then archived, as for projects (any name,
        where the provider's tags are free-form)."""
        if self.provider.free_form_tags:
            from punchclock.providers.base import Tag

            return Tag(name.strip(), name=name.strip())
        return _active_first(name, self.tags, "tag")

    def client_named(self, name: str):
        """A client by name, prefix or id."""
        return resolve(name, self.clients, "client")

    def user(self, name: str):
        """A member by name, email, prefix or id."""
        by_email = [u for u in self.users if u.email and u.email.lower() == name.strip().lower()]
        if len(by_email) == 1:
            return by_email[0]
        return resolve(name, self.users, "user")

    def project_name(self, project_id: str | None) -> str:
        """A project's name for display ('' for none; the id when the names cannot be read)."""
        return self._project_names.get(project_id, project_id) if project_id else ""

    def task_name(self, task_id: str | None) -> str:
        """A task's name for display (the id when the names cannot be read)."""
        return self._task_names.get(task_id, task_id) if task_id else ""

    def tag_names(self, tag_ids: list[str] | None) -> list[str]:
        """Tag names for display (the ids when the names cannot be read)."""
        if not tag_ids or self.provider.free_form_tags:
            return list(tag_ids or ())
        names = self._tag_names
        return [names.get(t, t) for t in tag_ids]

    # names by id, built once for a whole listing (each is read only when a row needs it)
    @cached_property
    def _project_names(self) -> dict[str, str]:
        return {p.id: p.name for p in self._for_display("projects")}

    @cached_property
    def _task_names(self) -> dict[str, str]:
        return {t.id: t.name for p in self._for_display("projects") for t in p.tasks or ()}

    @cached_property
    def _tag_names(self) -> dict[str, str]:
        return {t.id: t.name for t in self._for_display("tags")}

    def _for_display(self, kind: str) -> list:
        """A lookup table for showing names. Naming comes after a write has been made, so a failure to
        read the names must not turn a done write into a reported failure: ids are shown instead."""
        try:
            return getattr(self, kind)
        except PunchclockError as exc:
            if isinstance(exc, (AuthenticationError, ConfigError)):
                raise
            return []


def _active_first(name: str, items: list, kind: str):
    """What ``name`` means among the active items, else among all of them, archived ones included
    (trackers take archived projects and tags on entries; a confirmation says when one is archived)."""
    try:
        return resolve(name, [i for i in items if not i.archived], kind)
    except InvalidInput:
        return resolve(name, items, kind)
