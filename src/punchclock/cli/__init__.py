"""The ``punch`` command. Sub-commands live in their own modules and import their work lazily.

``main`` runs a root group that builds only the command it is asked for (see
:mod:`punchclock.cli.tree`); ``app``, the whole Typer app (for the docs, tests and embedding), is
built when first imported from here.
"""

from __future__ import annotations

import os
import sys

from punchclock.cli import interrupts

interrupts.install()  # first: Ctrl+C while the rest loads ends quietly with 130


def main() -> None:
    """Entry point of the ``punch`` console script."""
    lighten_imports()
    from punchclock.cli.tree import ends_quickly, root

    group = root()
    try:
        group()
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        sys.exit(130)
    except SystemExit as done:
        if ends_quickly(group) and isinstance(done.code, (int, type(None))):
            end_now(done.code or 0)
        raise


def end_now(code: int) -> None:
    """Flush the output and end the process with ``code`` at once, skipping Python's teardown of every
    loaded module (about 0.1 s once pydantic's models and httpx are loaded). For commands that hold
    nothing but their output; when the output cannot be flushed, Python's own shutdown reports it."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def lighten_imports() -> None:
    """Spare a run what it never uses (some 0.06 s of start-up): httpx's own command line, which
    ``import httpx`` loads with rich, pygments and click (a ``None`` in ``sys.modules`` makes that import
    fail, and httpx falls back to a stub), and pydantic's scan of every installed package's entry points
    for plugins (``PYDANTIC_DISABLE_PLUGINS``, unless set); and the pydantic adapters Typer builds for
    options whose values need no conversion (:mod:`punchclock.cli.coercion`)."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from punchclock.cli import coercion

    coercion.install()


def __getattr__(name: str):
    """``app``: the whole ``punch`` Typer app, made once on first use."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from punchclock.cli.tree import make_app

    globals()["app"] = app = make_app()
    return app
