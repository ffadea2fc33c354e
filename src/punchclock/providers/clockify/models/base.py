"""The base of every Clockify model (camelCase on the wire) and the wire types they use."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from punchclock.http.wiretypes import Duration, UtcDateTime

__all__ = ["Duration", "Model", "UtcDateTime"]


class Model(BaseModel):
    """Base of every response model: camelCase on the wire, snake_case in Python, extras kept."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow", defer_build=True)

    def to_wire(self) -> dict:
        """The model as Clockify's JSON (camelCase, ISO durations, ``Z`` times), extras included."""
        return self.model_dump(mode="json", by_alias=True)
