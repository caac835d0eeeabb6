"""Chat side of activity: logging sessions, statistics, scheduled summaries."""
