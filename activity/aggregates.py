"""Rebuilding the aggregate tables from the raw logs (after a bulk import, or to repair).

In normal running the triggers in 0003_activity.sql keep the aggregates in step with every
insert and soft delete; these statements recompute them from scratch in one pass each.
"""

from __future__ import annotations

from core.database import Database

AGGREGATE_TABLES = ("activity_commune_days", "activity_village_days", "activity_member_months",
                    "activity_commune_months")

REBUILD_STATEMENTS = (
    *(f"DELETE FROM {table}" for table in AGGREGATE_TABLES),
    "INSERT INTO activity_commune_days (commune_code, day, service_code, sessions, people)"
    " SELECT commune_code, activity_date, service_code, COUNT(*), SUM(people)"
    " FROM activity_logs WHERE deleted_at IS NULL"
    " GROUP BY commune_code, activity_date, service_code",
    "INSERT INTO activity_village_days (commune_code, day, village_id, sessions, people)"
    " SELECT commune_code, activity_date, village_id, COUNT(*), SUM(people)"
    " FROM activity_logs WHERE deleted_at IS NULL"
    " GROUP BY commune_code, activity_date, village_id",
    # Each (member, day) appears once in the inner query, so summing the day bits ORs them.
    "INSERT INTO activity_member_months"
    " (commune_code, month, village_id, member_id, days_mask, sessions, people)"
    " SELECT commune_code, substr(day, 1, 7), village_id, member_id,"
    " SUM(1 << (CAST(substr(day, 9, 2) AS INTEGER) - 1)), SUM(sessions), SUM(people)"
    " FROM (SELECT commune_code, activity_date AS day, village_id, member_id,"
    "       COUNT(*) AS sessions, SUM(people) AS people"
    "       FROM activity_logs WHERE deleted_at IS NULL"
    "       GROUP BY commune_code, activity_date, village_id, member_id)"
    " GROUP BY commune_code, substr(day, 1, 7), village_id, member_id",
    "INSERT INTO activity_commune_months (commune_code, month, service_code, sessions, people)"
    " SELECT commune_code, substr(activity_date, 1, 7), service_code, COUNT(*), SUM(people)"
    " FROM activity_logs WHERE deleted_at IS NULL"
    " GROUP BY commune_code, substr(activity_date, 1, 7), service_code",
)


async def rebuild_aggregates(db: Database) -> None:
    """Recompute every aggregate table from activity_logs, all or nothing."""
    async with db.transaction() as conn:
        for statement in REBUILD_STATEMENTS:
            await conn.execute(statement)
