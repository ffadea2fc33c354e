"""Time-tracking providers behind punchclock's provider-neutral interfaces (Clockify first)."""
