"""Helpers for the activity tests: places, members and coordinators written straight into the
database (fast), a fixed clock, and a chat for any member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot import App
from core.ratelimit import RateLimiter
from core.testing import Conversation
from members.villages import match_key

NOW = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)  # Wednesday 18/11/2026 10:00 in Vietnam


@dataclass
class FakeClock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Place:
    commune_code: str
    commune_name: str
    village_id: int
    village_name: str


class People:
    """Creates villages and approved members (with a test account each) directly in SQL."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._phone = 900000000

    async def communes(self, count: int) -> list[tuple[str, str]]:
        rows = await self.app.db.fetchall(
            "SELECT code, name FROM communes ORDER BY code LIMIT ?", (count,))
        return [(r["code"], r["name"]) for r in rows]

    async def village(self, commune: tuple[str, str], name: str) -> Place:
        cursor = await self.app.db.write(
            "INSERT INTO villages (commune_code, name, match_key, created_at)"
            " VALUES (?, ?, ?, '2026-01-01T00:00:00Z')", (commune[0], name, match_key(name)))
        assert cursor.lastrowid is not None
        return Place(commune[0], commune[1], cursor.lastrowid, name)

    async def member(self, place: Place, user_id: str, *, name: str = "",
                     team_role: str = "member", status: str = "approved",
                     coordinator: str | None = None) -> int:
        """An approved member of `place`; `coordinator`: "commune" or "province"."""
        self._phone += 1
        cursor = await self.app.db.write(
            "INSERT INTO members (full_name, phone, village_id, team_role, organisation, status,"
            " created_at, updated_at, decided_at) VALUES (?, ?, ?, ?, 'citizen', ?,"
            " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            (name or f"Người {user_id}", f"+84{self._phone}", place.village_id, team_role,
             status))
        member_id = cursor.lastrowid
        assert member_id is not None
        await self.app.db.write(
            "INSERT INTO identities (platform, user_id, member_id, linked_at)"
            " VALUES ('test', ?, ?, '2026-01-01T00:00:00Z')", (user_id, member_id))
        if coordinator:
            await self.app.db.write(
                "INSERT INTO coordinators (member_id, level, commune_code, appointed_at,"
                " appointed_by) VALUES (?, ?, ?, '2026-01-01T00:00:00Z', 'test:admin')",
                (member_id, coordinator,
                 place.commune_code if coordinator == "commune" else None))
        return member_id

    def chat(self, user_id: str, *, buttons: bool = True) -> Conversation:
        return Conversation(self.app.core, user_id=user_id, display_name=user_id,
                            buttons=buttons)


@dataclass
class World:
    """A small province: two communes, three villages, members and coordinators."""

    app: App
    clock: FakeClock
    people: People
    home: Place  # Thôn 1 of the first commune
    second: Place  # Thôn 2 of the first commune
    away: Place  # a village of the second commune
    quiet: Place  # a village of the first commune with a member who never logs
    ids: dict[str, int]


async def make_world(config, *, flood_limit: bool = True) -> World:
    """The world; `flood_limit=False` for a test that types dozens of messages within a
    second (the flood limit has tests of its own, tests/test_abuse_limits.py)."""
    from bot import build_app

    clock = FakeClock()
    app = await build_app(config, clock=clock)
    if not flood_limit:
        app.core.limiter = RateLimiter(burst=10_000, per_minute=60_000)
    people = People(app)
    first, second = await people.communes(2)
    home = await people.village(first, "Thôn 1")
    other = await people.village(first, "Thôn 2")
    quiet = await people.village(first, "Thôn 9")
    away = await people.village(second, "Thôn A")
    ids = {
        "lan": await people.member(home, "lan", name="Nguyễn Thị Lan"),
        "minh": await people.member(home, "minh", name="Trần Văn Minh"),
        "hoa": await people.member(other, "hoa", name="Lê Thị Hoa", team_role="leader"),
        "tam": await people.member(quiet, "tam", name="Phạm Văn Tâm"),
        "xa": await people.member(home, "xa", name="Điều phối xã", coordinator="commune"),
        "xa2": await people.member(away, "xa2", name="Điều phối xã khác",
                                   coordinator="commune"),
        "tinh": await people.member(away, "tinh", name="Điều phối tỉnh",
                                    coordinator="province"),
        "an": await people.member(away, "an", name="Võ Văn An"),
    }
    await people.member(home, "cho", status="pending")
    return World(app, clock, people, home, other, away, quiet, ids)
