"""The Clockify sandbox: backend (state and rules), routes (HTTP only), app (auth, limits, faults)."""
