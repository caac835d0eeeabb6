"""The notices each change sends, built inside the change's transaction (see requests.store)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import aiosqlite

from core.model import Option, Reply
from handlers.requests import texts
from handlers.requests.common import (
    RequestServices,
    contact_line,
    details,
    option,
    role_label,
    village_text,
)
from help_requests.model import Contact, HelpRequest
from help_requests.outbox import Notice
from help_requests.store import NoticeBuilder


def to_contacts(key: str, contacts: Iterable[Contact], reply: Reply,
                skip: int | None = None) -> list[Notice]:
    """One notice for each account of each contact (a linked member gets it on both)."""
    return [Notice(f"{key}:{c.member_id}:{platform}", platform, address, reply)
            for c in contacts if c.member_id != skip for platform, address in c.accounts]


def to_villager(key: str, request: HelpRequest, reply: Reply) -> Notice:
    return Notice(f"{key}:villager", request.platform, request.chat_id, reply)


def take_options(request: HelpRequest) -> tuple[Option, ...]:
    return (option(texts.OPTION_TAKE, "take", request),)


def taker_options(request: HelpRequest) -> tuple[Option, ...]:
    return (option(texts.OPTION_MESSAGE_VILLAGER, "msg", request),
            option(texts.OPTION_DONE, "done", request))


class Notices:
    """Builders for every kind of change."""

    def __init__(self, services: RequestServices) -> None:
        self.s = services

    def _service(self, request: HelpRequest) -> str:
        return self.s.catalog.name(request.service_code)

    def opened(self, recipients: list[Contact], *, to_coordinators: bool) -> NoticeBuilder:
        async def build(request: HelpRequest, conn: aiosqlite.Connection) -> Sequence[Notice]:
            reply = Reply(details(request, self.s.catalog, for_coordinators=to_coordinators),
                          options=take_options(request))
            return to_contacts(f"new:{request.id}", recipients, reply)
        return build

    def taken(self, *, assigned: bool = False) -> NoticeBuilder:
        async def build(request: HelpRequest, conn: aiosqlite.Connection) -> Sequence[Notice]:
            assert request.taken_by is not None
            taker = await self.s.store.contact(request.taken_by, conn)
            role = role_label(taker.team_role) if taker else ""
            how = texts.HOW_BY_PHONE if request.phone else texts.HOW_BY_RELAY
            stamp = request.taken_at
            villager = Reply(texts.VILLAGER_TAKEN.format(
                name=request.taker_name, role=role, village=village_text(request),
                id=request.id, service=self._service(request), how=how),
                options=(option(texts.OPTION_MESSAGE_TAKER, "msg", request),))
            notices = [to_villager(f"taken:{request.id}:{stamp}", request, villager)]
            others = Reply(texts.TAKEN_BY_OTHER.format(id=request.id,
                                                       service=self._service(request),
                                                       name=request.taker_name))
            team = await self.s.store.village_team(request.village_id, conn=conn)
            if request.escalation >= 2 or request.village_id is None:
                team += await self.s.store.coordinators(request.commune_code, conn)
            notices += to_contacts(f"taken:{request.id}:{stamp}", _unique(team), others,
                                   skip=request.taken_by)
            if assigned and taker is not None:
                reply = Reply(texts.ASSIGNED_TO_YOU.format(
                    id=request.id, details=details(request, self.s.catalog),
                    contact=contact_line(request)), options=taker_options(request))
                notices += to_contacts(f"assigned:{request.id}:{stamp}", [taker], reply)
            return notices
        return build

    def closed(self, *, by_villager: bool = False) -> NoticeBuilder:
        async def build(request: HelpRequest, conn: aiosqlite.Connection) -> Sequence[Notice]:
            key = f"closed:{request.id}"
            notices: list[Notice] = []
            if by_villager:
                text = texts.CANCELLED_FOR_TEAM.format(id=request.id,
                                                       service=self._service(request))
                team = ([await self.s.store.contact(request.taken_by, conn)]
                        if request.taken_by else
                        await self.s.store.village_team(request.village_id, conn=conn))
                return to_contacts(key, [c for c in team if c], Reply(text))
            if request.state == "closed" and request.closed_by == "taker":
                reply = Reply(texts.VILLAGER_CLOSED.format(id=request.id,
                                                           service=self._service(request)),
                              options=(option(texts.OPTION_HELPED, "fb", request, 1),
                                       option(texts.OPTION_NOT_HELPED, "fb", request, -1)))
                notices.append(to_villager(key, request, reply))
            else:  # a coordinator closed it
                notices.append(to_villager(key, request, Reply(
                    texts.VILLAGER_CANCELLED_BY_COORDINATOR.format(
                        id=request.id, service=self._service(request)))))
                if request.taken_by:
                    taker = await self.s.store.contact(request.taken_by, conn)
                    if taker:
                        notices += to_contacts(key, [taker], Reply(
                            texts.CLOSED_FOR_TEAM.format(id=request.id)))
            return notices
        return build

    def put_back(self) -> NoticeBuilder:
        async def build(request: HelpRequest, conn: aiosqlite.Connection) -> Sequence[Notice]:
            key = f"back:{request.id}:{request.waiting_since}"
            team = await self.s.store.village_team(request.village_id, conn=conn)
            reply = Reply(details(request, self.s.catalog), options=take_options(request))
            return [to_villager(key, request, Reply(texts.VILLAGER_PUT_BACK.format(
                id=request.id))), *to_contacts(key, team, reply)]
        return build

    def overdue(self, level: int, hours: int) -> NoticeBuilder:
        async def build(request: HelpRequest, conn: aiosqlite.Connection) -> Sequence[Notice]:
            key = f"late{level}:{request.id}:{request.waiting_since}"
            fields = dict(id=request.id, service=self._service(request), hours=hours,
                          village=village_text(request), commune=request.commune_name)
            if level == 1:
                leaders = await self.s.store.village_team(request.village_id, leaders_only=True,
                                                          conn=conn)
                return to_contacts(key, leaders, Reply(texts.OVERDUE_LEADER.format(**fields),
                                                       options=take_options(request)))
            coordinators = await self.s.store.coordinators(request.commune_code, conn)
            return to_contacts(key, coordinators, Reply(
                texts.OVERDUE_COORDINATOR.format(**fields)))
        return build

    def relay(self, to_key: str, reply: Reply, recipients: list[Contact] | None,
              request: HelpRequest) -> NoticeBuilder:
        async def build(_: HelpRequest, conn: aiosqlite.Connection) -> Sequence[Notice]:
            if recipients is None:
                return [to_villager(to_key, request, reply)]
            return to_contacts(to_key, recipients, reply)
        return build


def _unique(contacts: list[Contact]) -> list[Contact]:
    seen: set[int] = set()
    kept = []
    for contact in contacts:
        if contact.member_id not in seen:
            seen.add(contact.member_id)
            kept.append(contact)
    return kept
