"""Argument checks that run before any request, each failing with :class:`InvalidInput` naming the field."""

from __future__ import annotations

import mimetypes
import os
from datetime import datetime
from pathlib import Path
from typing import Iterable, Union

from punchclock.errors import InvalidInput

FileLike = Union[str, os.PathLike, bytes, tuple]


def require_id(value, field: str) -> str:
    """A non-empty id without slashes or spaces."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(field, "must be a non-empty id")
    if "/" in value or any(c.isspace() for c in value):
        raise InvalidInput(field, f"is not an id: {value!r}")
    return value


def optional_id(value, field: str) -> str | None:
    """An id or None."""
    return None if value is None else require_id(value, field)


def ids(values: Iterable[str] | None, field: str) -> list[str] | None:
    """A list of ids or None."""
    if values is None:
        return None
    if isinstance(values, str):
        raise InvalidInput(field, "must be a list of ids, not a string")
    return [require_id(v, field) for v in values]


def aware(value, field: str, *, required: bool = False) -> datetime | None:
    """A timezone-aware datetime (naive ones are ambiguous and refused), or None unless ``required``."""
    if value is None:
        if required:
            raise InvalidInput(field, "is required")
        return None
    if not isinstance(value, datetime):
        raise InvalidInput(field, f"must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(field, "must be timezone-aware (a naive datetime is ambiguous)")
    return value


def span(start: datetime | None, end: datetime | None, start_field: str = "start", end_field: str = "end", *,
         required: bool = False) -> None:
    """Both aware (and given, when ``required``), and end not before start."""
    aware(start, start_field, required=required)
    aware(end, end_field, required=required)
    if start is not None and end is not None and end < start:
        raise InvalidInput(end_field, f"must not be before {start_field}")


def choice(value, allowed: Iterable[str], field: str) -> str | None:
    """One of the allowed enum values (case-insensitive) or None."""
    if value is None:
        return None
    allowed = tuple(allowed)
    if not isinstance(value, str) or value.upper() not in allowed:
        raise InvalidInput(field, f"must be one of {', '.join(allowed)}, got {value!r}")
    return value.upper()


def page_size(value: int, field: str = "page_size", maximum: int = 5000) -> int:
    """A page size within the endpoint's bounds."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= maximum:
        raise InvalidInput(field, f"must be an integer from 1 to {maximum}")
    return value


def upload(value: FileLike, field: str, *, default_name: str = "upload") -> tuple[str, bytes, str]:
    """A file to send as a multipart part: a path, raw bytes, or ``(filename, bytes)``; read now, so a
    missing file fails before any request. The content type is guessed from the file name."""
    if isinstance(value, (bytes, bytearray)):
        name, data = default_name, bytes(value)
    elif isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], (bytes, bytearray)):
        name, data = str(value[0]), bytes(value[1])
    elif isinstance(value, (str, os.PathLike)):
        path = Path(value)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(field, f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
        name = path.name
    else:
        raise InvalidInput(field, "must be a file path, bytes, or (filename, bytes)")
    if not data:
        raise InvalidInput(field, "is empty")
    return name, data, mimetypes.guess_type(name)[0] or "application/octet-stream"
