"""Building a settings dataclass from the JSON an admin endpoint receives."""

from __future__ import annotations

import dataclasses
import types
import typing


def settings_from_dict(cls, data: dict, what: str):
    """``cls(**data)`` after refusing unknown keys and values of the wrong type (ValueError)."""
    if not isinstance(data, dict):
        raise ValueError(f"{what} settings must be a JSON object")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown {what} settings: {', '.join(sorted(unknown))}")
    values = {}
    for name, value in data.items():
        values[name] = _coerce(name, value, hints[name])
    return cls(**values)


def _coerce(name: str, value, hint):
    options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    if value is None:
        if type(None) in options:
            return None
        raise ValueError(f"{name} must not be null")
    for option in options:
        origin = typing.get_origin(option) or option
        if origin is tuple and isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return tuple(value)
        if origin is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if origin is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if origin is str and isinstance(value, str):
            return value
    raise ValueError(f"{name} has the wrong type: {value!r}")
