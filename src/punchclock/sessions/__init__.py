"""AI coding sessions (Claude Code, Codex) become time entries, exactly once.

The flow, one module each: ``sources`` read transcripts into :class:`~.events.Event` s; ``store`` keeps our
own record of every session (incremental, append-only, surviving deleted transcripts); ``activity`` turns
records into active segments; ``mapping`` says which project, task and tags they go to; ``desired`` makes
them entries; ``plan`` reconciles with what the tracker holds; ``push`` carries the plan out, with the
``ledger`` written before and after each write. Everything talks to the tracker through the provider seam.
"""

from punchclock.sessions.activity import ActivitySettings, Segment, segments
from punchclock.sessions.mapping import Rules, load_rules, resolve
from punchclock.sessions.push import Options, apply, prepare
from punchclock.sessions.store import Store

__all__ = ["ActivitySettings", "Options", "Rules", "Segment", "Store", "apply", "load_rules", "prepare", "resolve",
           "segments"]
