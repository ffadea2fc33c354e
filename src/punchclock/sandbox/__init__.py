"""Local, faithful fakes of the time-tracking APIs punchclock talks to.

The Clockify sandbox is built from three parts, moto-style: a backend that holds state and
rules (:mod:`punchclock.sandbox.clockify.backend`), routes that only translate HTTP
(:mod:`punchclock.sandbox.clockify.routes`) and the ASGI app that wires auth, limits, faults
and request statistics around them (:mod:`punchclock.sandbox.clockify.app`).
"""

from punchclock.sandbox.clockify.app import SandboxApp, create_app
from punchclock.sandbox.limits import Limits
from punchclock.sandbox.faults import Faults

__all__ = ["SandboxApp", "create_app", "Limits", "Faults"]
