"""One module per Clockify resource; each method describes one operation as a :class:`~punchclock.http.call.Call`."""
