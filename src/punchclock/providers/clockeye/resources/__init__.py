"""ClockEye's resources: each groups the operations on one kind of entity."""

from punchclock.providers.clockeye.resources.projects import Projects
from punchclock.providers.clockeye.resources.reports import Reports
from punchclock.providers.clockeye.resources.screenshots import Screenshots
from punchclock.providers.clockeye.resources.time_entries import TimeEntries
from punchclock.providers.clockeye.resources.users import Users

RESOURCES = {"users": Users, "projects": Projects, "time_entries": TimeEntries, "reports": Reports,
             "screenshots": Screenshots}

__all__ = ["RESOURCES", "Projects", "Reports", "Screenshots", "TimeEntries", "Users"]
