"""HTTP translation helpers for routes of any provider: query and body parsing whose refusals the
provider's :class:`~punchclock.sandbox.core.errors.Dialect` words, and the reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl

import orjson

from punchclock.sandbox.core.errors import Dialect
from punchclock.timeutil import parse_instant

MAX_PAGE_SIZE = 5000


@dataclass
class Reply:
    """What a route answers: status, JSON-able data (or raw bytes) and extra headers."""

    data: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"

    def encode(self) -> bytes:
        """The body bytes."""
        if isinstance(self.data, (bytes, bytearray)):
            return bytes(self.data)
        if self.status == 204:
            return b""
        return orjson.dumps(self.data)


PLAIN = Dialect()


class Query:
    """Query parameters with conversion errors in the provider's words (400, value echoed)."""

    def __init__(self, raw: bytes, dialect: Dialect = PLAIN):
        self.dialect = dialect
        self.pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        self.values: dict[str, list[str]] = {}
        for key, value in self.pairs:
            self.values.setdefault(key, []).append(value)

    def str(self, name: str, default: str | None = None) -> str | None:
        """The first value of a parameter."""
        found = self.values.get(name)
        return found[0] if found else default

    def list(self, name: str) -> list[str]:
        """All values of a repeated or comma-separated parameter (``tags=a&tags=b`` or ``tags=a,b``)."""
        out: list[str] = []
        for value in self.values.get(name, []) + self.values.get(name + "[]", []):
            out.extend(v for v in value.split(",") if v)
        return out

    def bool(self, name: str, default: bool | None = None) -> bool | None:
        """A boolean parameter; anything but true/false is a 400 naming the value."""
        value = self.str(name)
        if value is None or value == "":
            return default
        lowered = value.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise self.dialect.bad_parameter(name, value, "boolean", f"Invalid boolean value [{value}]")

    def int(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter."""
        value = self.str(name)
        if value is None or value == "":
            return default
        try:
            if not value.strip().lstrip("+-").isdigit():  # Python reads "1_000" and " 7"; Java does not
                raise ValueError(value)
            return int(value)
        except ValueError:
            raise self.dialect.bad_parameter(name, value, "int", f'For input string: "{value}"') from None

    def instant(self, name: str) -> int | None:
        """A timestamp parameter as epoch seconds (``2020-01-01T00:00:00Z``)."""
        value = self.str(name)
        if value is None or value == "":
            return None
        try:
            return int(parse_instant(value.replace(" ", "+")).timestamp())
        except ValueError:
            raise self.dialect.bad_parameter(name, value, "instant", f"Failed to parse date [{value}]") from None

    def enum(self, name: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
        """An enum parameter (case-insensitive); other values are a 400 naming the value."""
        value = self.str(name)
        if value is None or value == "":
            return default
        if value.upper() not in allowed:
            raise self.dialect.bad_parameter(name, value, "enum", f"No enum constant for value [{value}]")
        return value.upper()

    def page(self, default_size: int = 50, max_size: int = MAX_PAGE_SIZE, policy: str = "reject") -> tuple[int, int]:
        """``page`` (1-indexed) and ``page-size``; out-of-range sizes are refused or clamped by ``policy``."""
        page = self.int("page", 1)
        size = self.int("page-size", default_size)
        if page < 1:
            page = 1
        if size < 1:
            if policy == "clamp":
                size = 1
            else:
                raise self.dialect.invalid("page-size: must be greater than or equal to 1", "page-size")
        if size > max_size:
            if policy == "clamp":
                size = max_size
            else:
                raise self.dialect.invalid(f"page-size: must be less than or equal to {max_size}", "page-size")
        return page, size


@dataclass
class Upload:
    """A file part of a multipart body."""

    filename: str
    content_type: str
    data: bytes


class Body:
    """A request body (JSON, or multipart form data where Clockify takes files), decoded once, with
    typed field access and refusals in the provider's words."""

    def __init__(self, raw: bytes, content_type: str = "", dialect: Dialect = PLAIN):
        self.dialect = dialect
        self.raw = raw
        self.content_type = content_type
        self._data: Any = None
        self._parsed = False

    @property
    def data(self) -> Any:
        """The decoded JSON (None for an empty body); malformed JSON is a 400."""
        if not self._parsed:
            self._parsed = True
            if self.raw.strip():
                media = self.content_type.split(";")[0].strip().lower()
                if media and "json" not in media:
                    raise self.dialect.unsupported_media(media)
                try:
                    self._data = orjson.loads(self.raw)
                except orjson.JSONDecodeError as exc:
                    raise self.dialect.unreadable_body(f"Unexpected character: {exc}") from None
        return self._data

    def object(self, required: bool = True) -> dict:
        """The body as an object; a missing body or a non-object is a 400."""
        data = self.data
        if data is None:
            if required:
                raise self.dialect.unreadable_body("Required request body is missing")
            return {}
        if not isinstance(data, dict):
            raise self.dialect.unreadable_body(f"Cannot deserialize value of type `Object` from {_kind(data)} value")
        return data

    def array(self) -> list:
        """The body as an array; anything else is a 400."""
        data = self.data
        if not isinstance(data, list):
            raise self.dialect.unreadable_body(f"Cannot deserialize value of type `ArrayList` from {_kind(data)} value")
        return data

    def typed(self, spec: dict[str, type | tuple | list], *, required: tuple[str, ...] = (),
              data: dict | None = None) -> dict:
        """Check field types of an object body; a wrong type is 400 (unreadable), a missing field 400/501."""
        obj = self.object() if data is None else data
        for name, expected in spec.items():
            value = obj.get(name)
            if value is None:
                continue
            if isinstance(expected, list):  # ``[str]``: an array whose items are all of that type
                if not isinstance(value, list) or not all(isinstance(v, expected[0]) for v in value):
                    raise self.dialect.wrong_type(name, list, value)
                continue
            ok = isinstance(value, expected) and not (expected in (int, float, (int, float)) and isinstance(value, bool))
            if not ok:
                raise self.dialect.wrong_type(name, expected, value)
        for name in required:
            if obj.get(name) is None:
                raise self.dialect.invalid(f"{name}: must not be null", name)
        return obj


    def form(self, spec: dict[str, type]) -> tuple[dict, dict[str, Upload]]:
        """Fields and files of a ``multipart/form-data`` body, fields converted to ``spec``'s types
        (``list`` gathers repeated fields); any other content type is refused with 415."""
        if not self.content_type.lower().startswith("multipart/form-data"):
            media = self.content_type.split(";")[0].strip() or "application/octet-stream"
            raise self.dialect.unsupported_media(media)
        header = b"Content-Type: " + self.content_type.encode("latin-1") + b"\r\n\r\n"
        message = BytesParser(policy=policy.HTTP).parsebytes(header + self.raw)
        if not message.is_multipart():
            raise self.dialect.unreadable_body("Failed to parse multipart servlet request")
        fields: dict[str, Any] = {}
        files: dict[str, Upload] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[name] = Upload(part.get_filename(), part.get_content_type(), data)
            elif spec.get(name) is list:
                fields.setdefault(name, []).extend(v for v in data.decode("utf-8").split(",") if v)
            elif name in spec:
                fields[name] = self._convert(name, data.decode("utf-8"), spec[name])
        return fields, files

    def _convert(self, name: str, text: str, kind: type) -> Any:
        """A form field's text as ``kind``; what does not convert is refused in the provider's words."""
        if kind is bool and text.lower() in ("true", "false"):
            return text.lower() == "true"
        if kind is str:
            return text
        try:
            if kind is float:
                return float(text)
            if kind is int:
                return int(text)
        except ValueError:
            pass
        raise self.dialect.bad_form_field(name, kind)


def _kind(value: Any) -> str:
    return {dict: "Object", list: "Array", str: "String", bool: "Boolean", int: "Integer", float: "Float",
            type(None): "Null"}.get(type(value), "value")
