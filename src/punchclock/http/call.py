"""Operations described once, run by either client of any provider: a resource method returns a :class:`Call`
and the sync client executes it while the async client returns an awaitable (or an async pager)."""

from __future__ import annotations

import functools
import importlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Awaitable, Callable, Concatenate, Generic, ParamSpec, TypeVar, overload

import orjson

from punchclock.http.pagination import AsyncPager, Pager
from punchclock.timeutil import format_instant

ME = "{me}"  # stands for the caller's user id until the client knows it (one GET /user, then cached)


@dataclass
class Call:
    """One API operation: what to send and how to read the answer."""

    method: str
    path: str
    params: dict | None = None
    json: Any = None
    files: list | None = None
    parse: Callable[[Any], Any] | None = None
    host: str = "api"
    idempotent: bool | None = None
    feature: str | None = None
    paged: bool = False
    page_size: int = 50
    page_param: str = "page-size"
    first_page: int = 1
    confirm: "Confirm | None" = None  # how to look up a write whose answer was lost (punchclock.http.confirm)
    decode: Callable[[bytes], Any] | None = None  # reads a JSON body's bytes itself (the sync keeps rows as texts)

    @property
    def needs_me(self) -> bool:
        """Whether the path or a form field still says ``ME``."""
        return ME in self.path or any(part == (None, ME) for _, part in self.files or ())

    def query(self, **extra) -> dict:
        """Query parameters as the APIs expect them: no Nones, lowercase booleans, ``Z`` times."""
        out = {}
        for key, value in {**(self.params or {}), **extra}.items():
            if value is None:
                continue
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, datetime):
                value = format_instant(value.timestamp())
            elif isinstance(value, (list, tuple, set)):
                value = [str(v) for v in value]
                if not value:
                    continue
            out[key] = value
        return out

    def read(self, data: Any) -> Any:
        """Turn decoded JSON into the operation's result."""
        if self.paged:
            return [self.parse(row) for row in data] if self.parse else data
        return self.parse(data) if self.parse and data is not None else data

    def read_json(self, content: bytes) -> Any:
        """Turn a JSON body into the operation's result. When ``parse`` is a model's ``model_validate``,
        pydantic-core reads the bytes straight into models (about a fifth faster than decoding first); a
        ``decode`` reads the bytes its own way."""
        if self.decode is not None:
            return self.decode(content)
        model = _model_of(self.parse)
        if model is not None:
            from pydantic import ValidationError

            try:
                return _list_of(model).validate_json(content) if self.paged else model.model_validate_json(content)
            except ValidationError:
                pass  # JSON only the standard library reads (NaN...), or a real mismatch the next line reports
        return self.read(loads(content))


def loads(content: bytes) -> Any:
    """Decoded JSON, with orjson (about twice as fast as the standard library, which reads what it refuses)."""
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        return json.loads(content)


class ModelRef:
    """A model's ``model_validate`` named by module and class, the model imported on first use: a call
    described but run for plain JSON (:func:`plain`) loads no models, nor pydantic."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    @functools.cached_property
    def model(self) -> type:
        """The model class."""
        return getattr(importlib.import_module(self.module), self.name)

    def model_validate(self, data: Any) -> Any:
        """The model's ``model_validate``: ``data`` as a model instance."""
        return self.model.model_validate(data)

    __call__ = model_validate  # a ref stands where a call's ``parse`` would be ``SomeModel.model_validate``


class ModelRefs:
    """``refs.TimeEntry``: a :class:`ModelRef` to every model a module exports, made on demand."""

    def __init__(self, module: str):
        self._module = module

    def __getattr__(self, name: str) -> ModelRef:
        ref = ModelRef(self._module, name)
        setattr(self, name, ref)
        return ref


def _model_of(parse) -> type | None:
    """The model class when ``parse`` is a pydantic ``SomeModel.model_validate`` (or a :class:`ModelRef`),
    else None (pydantic is imported only by the models, so a run that reads plain JSON never loads it)."""
    if isinstance(parse, ModelRef):
        return parse.model
    owner = getattr(parse, "__self__", None)
    if isinstance(owner, type) and parse.__name__ == "model_validate" and hasattr(owner, "model_validate_json"):
        return owner
    return None


@functools.cache
def _list_of(model: type):
    """A validator (pydantic ``TypeAdapter``) of JSON arrays of ``model``, built once per model."""
    from pydantic import TypeAdapter

    return TypeAdapter(list[model])


def multipart(fields: dict, files: dict | None = None) -> list:
    """A ``multipart/form-data`` body in httpx's ``files=`` form: text fields (Nones left out,
    booleans lowercase, lists repeated) and ``(filename, bytes, content type)`` file parts."""
    parts: list = []
    for name, value in fields.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if item is not None:
                parts.append((name, (None, ("true" if item else "false") if isinstance(item, bool) else str(item))))
    parts.extend((name, upload) for name, upload in (files or {}).items() if upload is not None)
    return parts


class Sync:
    """Marker of a resource bound to a sync client: its operations return results."""


class Async:
    """Marker of a resource bound to an async client: its operations return awaitables (listings, async pagers)."""


Mode = TypeVar("Mode", Sync, Async)
P = ParamSpec("P")


class Bound(Generic[Mode]):
    """A group of operations bound to one client. ``Clockify`` holds ``TimeEntries[Sync]``, ``AsyncClockify``
    holds ``TimeEntries[Async]``, so a type checker tells a sync call from an async one."""

    def __init__(self, client):
        self._client = client


class operation(Generic[P]):
    """Make a Call-building method run through the resource's client: the sync client answers with the
    result, the async one with an awaitable of it."""

    def __init__(self, fn: Callable[Concatenate[Any, P], Call]):
        functools.update_wrapper(self, fn)
        self._fn = fn

    @overload
    def __get__(self, obj: None, owner: type) -> "operation[P]": ...
    @overload
    def __get__(self, obj: Bound[Sync], owner: type) -> Callable[P, Any]: ...
    @overload
    def __get__(self, obj: Bound[Async], owner: type) -> Callable[P, Awaitable[Any]]: ...

    def __get__(self, obj, owner):
        if obj is None:
            return self
        return functools.partial(_run, obj, self._fn)


class paged_operation(operation[P]):
    """An operation that lists: the sync client answers with a :class:`Pager`, the async one with an
    :class:`AsyncPager` (``async for``), both walking every page."""

    @overload
    def __get__(self, obj: None, owner: type) -> "paged_operation[P]": ...
    @overload
    def __get__(self, obj: Bound[Sync], owner: type) -> Callable[P, Pager[Any]]: ...
    @overload
    def __get__(self, obj: Bound[Async], owner: type) -> Callable[P, AsyncPager[Any]]: ...

    def __get__(self, obj, owner):
        return super().__get__(obj, owner)


def _run(resource: Bound, fn: Callable[..., Call], *args, **kwargs):
    return resource._client._execute(fn(resource, *args, **kwargs))


def described(resource: Bound, method: str, *args, **kwargs) -> Call:
    """The call ``resource.method(...)`` describes, not yet run."""
    return getattr(type(resource), method).__wrapped__(resource, *args, **kwargs)


def plain(resource: Bound, method: str, *args, **kwargs):
    """``resource.method(...)`` answered as the server's JSON (dicts and lists, pages walked the same way),
    without models: about ten times cheaper for rows that go straight into other records."""
    return resource._client._execute(replace(described(resource, method, *args, **kwargs), parse=None))


def model_list(model) -> Callable[[Any], list]:
    """A parser for a JSON array of ``model`` (a model class or a :class:`ModelRef`)."""
    return lambda data: [model.model_validate(row) for row in data]
