"""Clockify's settings: its environment variables, the profile settings beyond the neutral ones,
and the base URLs a region or subdomain means."""

from __future__ import annotations

from punchclock.errors import ConfigError
from punchclock.http.errors import ErrorStyle

GLOBAL_API = "https://api.clockify.me/api/v1"
GLOBAL_REPORTS = "https://reports.api.clockify.me/v1"
REGIONS = {"eu": "euc1", "euc1": "euc1", "us": "use2", "use2": "use2", "uk": "euw2", "euw2": "euw2",
           "au": "apse2", "apse2": "apse2"}
ENV = {
    "api_key": "CLOCKIFY_API_KEY", "workspace": "CLOCKIFY_WORKSPACE_ID", "base_url": "CLOCKIFY_BASE_URL",
    "reports_url": "CLOCKIFY_REPORTS_URL", "region": "CLOCKIFY_REGION", "subdomain": "CLOCKIFY_SUBDOMAIN",
    "gateway_token": "CLOCKIFY_GATEWAY_TOKEN", "connection": "CLOCKIFY_CONNECTION",
    "budget": "CLOCKIFY_BUDGET",
}
GATEWAY_CONNECTION_HEADER = "Maton-Connection"  # the managed-auth gateway of seed 001 picks the account by it
SETTINGS = ("reports_url", "region", "subdomain", "gateway_token", "connection", "start_stops_running",
            "budget")  # budget: requests per rolling hour (a free workspace allows 30)
KEY_HELP = ("Check the API key: create one in Clockify under Profile settings > Advanced > API key, "
            "then set CLOCKIFY_API_KEY or run `punch login`.")


def missing(status: int, code, message: str) -> bool:
    """Clockify answers an unknown, deleted or foreign id with 400, code 501, "X doesn't belong to Workspace"."""
    return status == 400 and code == 501 and "doesn't belong to" in message


ERRORS = ErrorStyle(key_help=KEY_HELP, missing=missing)


def urls(profile) -> tuple[str, str]:
    """The main API and Reports API base URLs a profile points at."""
    region_name = profile.get("region")
    region = REGIONS.get(region_name.lower()) if region_name else None
    if region_name and region is None:
        raise ConfigError(f"unknown region {region_name!r}; use one of eu, us, uk, au")
    api = GLOBAL_API if region is None else f"https://{region}.clockify.me/api/v1"
    reports = GLOBAL_REPORTS if region is None else f"https://{region}.clockify.me/report/v1"
    if profile.get("subdomain"):
        reports = f"https://{profile.get('subdomain')}.clockify.me/report/v1"
    return (profile.base_url or api).rstrip("/"), (profile.get("reports_url") or reports).rstrip("/")
