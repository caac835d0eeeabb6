"""Members of the community digital technology teams: places, registry, roles, import/export."""
