"""Chat side of the members feature: registration, profile, approvals, lists."""
