"""What every resource shares: its client, the workspace path, and the checks of common arguments."""

from __future__ import annotations

from datetime import date, datetime

from punchclock.errors import ConfigError, InvalidInput
from punchclock.http.call import Bound, Mode


class Resource(Bound[Mode]):
    """A group of operations on one kind of Clockify entity."""

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


def as_day(value, field: str) -> str:
    """A date (or datetime, or ``YYYY-MM-DD`` text) as Clockify's ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidInput(field, f"must be a date (YYYY-MM-DD), got {value!r}") from None


def as_cents(value, field: str) -> int:
    """A non-negative whole number of cents."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidInput(field, "must be a non-negative whole number of cents")
    return value


def nonempty(value, field: str = "name") -> str:
    """A non-empty name."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(field, "must not be empty")
    return value


def rate_body(amount: int | None) -> dict | None:
    """An hourly rate body (``{"amount": cents}``), None left out."""
    if amount is None:
        return None
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise InvalidInput("rate", "must be a non-negative whole number of cents")
    return {"amount": amount}


def currency_code(value, field: str = "currency") -> str:
    """An ISO 4217 currency code (three letters, upper-cased)."""
    if not isinstance(value, str) or len(value.strip()) != 3 or not value.strip().isalpha():
        raise InvalidInput(field, f"must be a three-letter currency code such as USD, got {value!r}")
    return value.strip().upper()
