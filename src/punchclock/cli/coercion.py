"""Typer's option coercion without pydantic for values that need none.

Typer builds a pydantic ``TypeAdapter`` for every option of the command it runs, given or not, before
looking at the value; importing pydantic and building those adapters is about a fifth of ``punch``'s
start-up. :func:`install` makes each option's coercion lazy: a value that already has the option's
plain type (a string for ``str``, a bool for ``bool``, an unbounded ``int`` or ``float``) is taken as it
is, which is what the adapter would answer; anything else is handed to the adapter Typer would have
built, built on first need, so conversions and error messages stay Typer's own.
"""

from __future__ import annotations

from typing import Any

from typer import _coercion, core

PLAIN = (str, bool, int, float)


class LazyRuntimeParam(_coercion.RuntimeParam):
    """Coercion that takes a value of the option's plain type as it is and builds Typer's own coercion
    only for anything else. (A plain subclass, not a dataclass with fields: a Ctrl+C while a field's
    ``__set_name__`` runs would surface as a RuntimeError instead of an interruption.)"""

    def __init__(self, descriptor: Any, build: Any):
        super().__init__(annotation=descriptor.annotation, parameter_info=descriptor.parameter_info)
        object.__setattr__(self, "_descriptor", descriptor)
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_typer_param", None)

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if _already(self._descriptor, value):
            return value
        if self._typer_param is None:
            object.__setattr__(self, "_typer_param", self._build(self._descriptor))
        return self._typer_param._coerce_value(value, param=param, ctx=ctx)


def install() -> None:
    """Make Typer's per-option coercion lazy (once; a Typer without this seam is left as it is)."""
    built = getattr(core, "build_runtime_param", None)
    if built is None or getattr(built, "lazy", False):
        return

    def lazy(descriptor: Any) -> Any:
        """Typer's runtime parameter for ``descriptor``, built only when a value needs it."""
        if descriptor.file_annotation is not None:
            return built(descriptor)
        return LazyRuntimeParam(descriptor, built)

    lazy.lazy = True
    core.build_runtime_param = lazy


def _already(descriptor: Any, value: Any) -> bool:
    """Whether ``value`` is exactly what Typer's adapter would answer for it: a value of the option's
    plain type, with no range to check."""
    kind = descriptor.annotation
    if kind not in PLAIN or type(value) is not kind:
        return False
    info = descriptor.parameter_info
    return getattr(info, "min", None) is None and getattr(info, "max", None) is None
