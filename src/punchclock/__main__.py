"""``python -m punchclock`` runs the ``punch`` command."""

from punchclock.cli import main

main()
