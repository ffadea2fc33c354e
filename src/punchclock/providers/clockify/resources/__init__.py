"""One module per Clockify resource; each method describes one operation (see ``_call``)."""
