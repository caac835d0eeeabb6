"""Benchmarks: scripts run as `.venv/bin/python -m benchmarks.<name>`; they print figures."""
