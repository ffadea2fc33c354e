"""``punch web``: a local dashboard over the store (FastAPI + Jinja2 + vendored HTMX) and the webhook
receivers that keep the store current. Build one with :func:`create_app` over a :class:`Dashboard`."""

from punchclock.web.app import Dashboard, create_app

__all__ = ["Dashboard", "create_app"]
