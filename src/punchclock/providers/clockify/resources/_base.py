"""What every resource shares: its client and the workspace path."""

from __future__ import annotations

from punchclock.errors import ConfigError


class Resource:
    """A group of operations on one kind of Clockify entity."""

    def __init__(self, client):
        self._client = client

    @property
    def _ws(self) -> str:
        workspace = self._client.workspace_id
        if not workspace:
            raise ConfigError("no workspace chosen: pass workspace=... or set CLOCKIFY_WORKSPACE_ID "
                              "(client.workspaces.list() shows yours)")
        return workspace

    def _path(self, *parts: str) -> str:
        return "/workspaces/" + "/".join((self._ws, *parts))


def body(**fields) -> dict:
    """A JSON body from keyword arguments in camelCase, leaving out the ones that are None."""
    from pydantic.alias_generators import to_camel

    return {to_camel(k): v for k, v in fields.items() if v is not None}
