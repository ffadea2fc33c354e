"""HTTP routes of the ClockEye sandbox, one module per resource; they only translate HTTP.

Every function decorated with :func:`punchclock.sandbox.core.routing.route` in a module of this
package is served; ``ALL`` lists them.
"""

from __future__ import annotations

import sys

from punchclock.sandbox.core.routing import discover

ALL = discover(sys.modules[__name__])
