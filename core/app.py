"""The core every channel talks to: dedupe, per-person ordering, numbered options, errors.

Exactly-once effects, at-least-once replies: a handler's writes, the options it showed and
the record that its update was handled (with the replies) commit in one transaction. A
crash before that commit leaves no trace, so the redelivered update is handled afresh; a
crash after it (before the reply reached the person) makes the redelivery send the stored
replies again instead of silence.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from sqlite3 import Row

from core import texts
from core.clock import Clock, to_iso, utc_now
from core.database import Database
from core.dialogs import DialogStore
from core.model import EventKind, Incoming, Option, Reply, without_lone_surrogates
from core.notifier import DeferredNotifier, Notifier
from core.ratelimit import RateLimiter, Verdict
from core.roles import PrincipalResolver
from core.router import Context, Router

log = logging.getLogger(__name__)

RECENT_UPDATES_IN_MEMORY = 10_000
UPDATE_MEMORY = timedelta(days=3)

SHOWN_PREFIX = "shown:"
"""Payload of a typed number past the end of the options last shown: "shown:<how many>"."""


class KeyedLocks:
    """One asyncio.Lock per key, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}

    def acquire(self, key: tuple[str, str]) -> _KeyedLock:
        return _KeyedLock(self, key)

    def __len__(self) -> int:
        return len(self._locks)


class _KeyedLock:
    def __init__(self, owner: KeyedLocks, key: tuple[str, str]) -> None:
        self.owner = owner
        self.key = key

    async def __aenter__(self) -> None:
        lock, users = self.owner._locks.get(self.key, (asyncio.Lock(), 0))
        self.owner._locks[self.key] = (lock, users + 1)
        await lock.acquire()

    async def __aexit__(self, *exc: object) -> None:
        lock, users = self.owner._locks[self.key]
        lock.release()
        if users == 1:
            del self.owner._locks[self.key]
        else:
            self.owner._locks[self.key] = (lock, users - 1)


class BotCore:
    """Handles one Incoming at a time per person and returns the replies for its chat."""

    def __init__(
        self,
        db: Database,
        router: Router,
        principals: PrincipalResolver,
        notifier: Notifier,
        *,
        clock: Clock = utc_now,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.db = db
        self.router = router
        self.principals = principals
        self.notifier = notifier
        self.clock = clock
        self.dialogs = DialogStore(db, clock)
        self._locks = KeyedLocks()
        self.limiter = limiter or RateLimiter()
        self._recent: OrderedDict[tuple[str, str], None] = OrderedDict()  # answered here

    async def handle(self, msg: Incoming, *, numbered_options: bool = False) -> list[Reply]:
        """Process one event; never raises. `numbered_options`: the channel has no buttons."""
        msg = without_lone_surrogates(msg)
        if msg.chat.is_group and msg.kind is not EventKind.COMMAND and not msg.addressed_to_bot:
            return []
        verdict = self.limiter.check(msg.sender.key)
        if verdict is not Verdict.OK:
            return [Reply(texts.SLOW_DOWN)] if verdict is Verdict.WARN else []
        async with self._locks.acquire(msg.sender.key):
            key = None if msg.update_id is None else (msg.sender.platform, msg.update_id)
            if key is not None:
                if key in self._recent:
                    log.info("duplicate update %s on %s ignored", msg.update_id, key[0])
                    return []
                earlier = await self._earlier_replies(key)
                if earlier is not None:
                    self._remember(key)
                    log.info("update %s on %s was handled before: its replies sent again",
                             msg.update_id, key[0])
                    return earlier
            notifier = DeferredNotifier(self.notifier)
            try:
                async with self.db.unit_of_work():
                    if numbered_options:
                        msg = await self._resolve_number(msg)
                    replies = await self._route(msg, notifier)
                    if numbered_options:
                        await self._remember_options(msg, replies)
                    if key is not None:
                        await self._record(key, replies)
            except Exception:
                log.exception(
                    "handler failed for %s update %s kind=%s command=%s",
                    msg.sender.platform, msg.update_id, msg.kind.value, msg.command,
                )
                replies = [Reply(texts.APOLOGY)]
                if key is not None:  # nothing of it was written; don't fail it again
                    await self._record_quietly(key, replies)
                return replies
            if key is not None:
                self._remember(key)
            await notifier.flush()
            return replies

    async def _route(self, msg: Incoming, notifier: Notifier) -> list[Reply]:
        principal = await self.principals.principal_of(msg.sender)
        dialog = await self.dialogs.get(msg.sender)
        ctx = Context(principal, dialog, self.dialogs, notifier, self.clock, self.router)
        return await self.router.route(ctx, msg)

    def _remember(self, key: tuple[str, str]) -> None:
        self._recent[key] = None
        if len(self._recent) > RECENT_UPDATES_IN_MEMORY:
            self._recent.popitem(last=False)

    async def _earlier_replies(self, key: tuple[str, str]) -> list[Reply] | None:
        """The replies stored for an update handled before (in an earlier run); None when
        it was not handled, or when its replies carried files and must be made again."""
        row = await self.db.lookup(
            "SELECT replies, rerun FROM processed_updates WHERE platform = ? AND update_id = ?",
            key,
        )
        if row is None or row["rerun"]:
            return None
        return replies_from_json(row["replies"])

    async def _record(self, key: tuple[str, str], replies: list[Reply]) -> None:
        stored, rerun = replies_to_json(replies)
        await self.db.write(
            "INSERT INTO processed_updates (platform, update_id, received_at, replies, rerun)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, update_id) DO UPDATE SET"
            " replies = excluded.replies, rerun = excluded.rerun",
            (*key, to_iso(self.clock()), stored, int(rerun)),
        )

    async def _record_quietly(self, key: tuple[str, str], replies: list[Reply]) -> None:
        try:
            await self._record(key, replies)
        except Exception:
            log.exception("could not record update %s on %s", key[1], key[0])

    async def healthy(self) -> bool:
        """For a health check: the database answers a read."""
        try:
            await self.db.fetchone("SELECT 1")
        except Exception:
            log.exception("health check: the database does not answer")
            return False
        return True

    async def forget_old_updates(self) -> int:
        """Drop update ids older than a few days (messengers never redeliver that late)."""
        cursor = await self.db.write(
            "DELETE FROM processed_updates WHERE received_at < ?",
            (to_iso(self.clock() - UPDATE_MEMORY),),
        )
        return cursor.rowcount

    async def _resolve_number(self, msg: Incoming) -> Incoming:
        """On channels without buttons, "2" picks the second option last shown.

        A number past the end of that list stays text, with the list's length in
        its payload (`SHOWN_PREFIX` + length) so the handler can say so.
        """
        text = msg.text.strip().rstrip(".)")
        if msg.kind is not EventKind.TEXT or not text.isdigit():
            return msg
        row = await self._shown_options(msg)
        if row is None:
            return msg
        options = json.loads(row["options"])
        index = int(text) - 1
        if not 0 <= index < len(options):
            return replace(msg, payload=f"{SHOWN_PREFIX}{len(options)}")
        return replace(msg, kind=EventKind.BUTTON, payload=options[index][1])

    async def _shown_options(self, msg: Incoming) -> Row | None:
        """The options last shown to this person in this chat, if any are stored."""
        return await self.db.lookup(
            "SELECT options FROM shown_options WHERE platform = ? AND chat_id = ? AND user_id = ?",
            _options_key(msg),
        )

    async def _remember_options(self, msg: Incoming, replies: list[Reply]) -> None:
        nothing_shown = not any(reply.options for reply in replies)
        if nothing_shown and (msg.payload or "").startswith(SHOWN_PREFIX):
            return  # a number past the end of the list: the list still waits
        if nothing_shown and await self._shown_options(msg) is None:  # most messages
            return
        await self.remember_shown(*_options_key(msg), replies)

    async def remember_shown(
        self, platform: str, chat_id: str, user_id: str, replies: Sequence[Reply],
    ) -> None:
        """Keep the options of `replies` as the ones last shown to this person in this chat,
        so a typed number picks one; for a channel without buttons that shows someone a
        message it was not answering (a notification). No options: forget the old ones."""
        options: list[Option] = [o for reply in replies for o in reply.options]
        key = (platform, chat_id, user_id)
        if not options:
            await self.db.write(
                "DELETE FROM shown_options WHERE platform = ? AND chat_id = ? AND user_id = ?",
                key,
            )
            return
        await self.db.write(
            "INSERT INTO shown_options (platform, chat_id, user_id, options, shown_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id, user_id)"
            " DO UPDATE SET options = excluded.options, shown_at = excluded.shown_at",
            (*key, json.dumps([[o.label, o.payload] for o in options], ensure_ascii=False),
             to_iso(self.clock())),
        )


def _options_key(msg: Incoming) -> tuple[str, str, str]:
    """Options shown are kept per person and chat: (platform, chat id, user id)."""
    return (msg.sender.platform, msg.chat.chat_id, msg.sender.user_id)


def replies_to_json(replies: list[Reply]) -> tuple[str, bool]:
    """Replies as stored with their update; True when one carried a file or picture."""
    rerun = any(r.image is not None or r.file is not None for r in replies)
    data = [{"text": r.text, "options": [[o.label, o.payload] for o in r.options],
             "links": [list(link) for link in r.links]} for r in replies]
    return json.dumps(data, ensure_ascii=False), rerun


def replies_from_json(stored: str | None) -> list[Reply]:
    """The replies `replies_to_json` stored (none for updates recorded before they were)."""
    if not stored:
        return []
    return [Reply(item["text"], tuple(Option(label, payload) for label, payload in item["options"]),
                  links=tuple((title, url) for title, url in item["links"]))
            for item in json.loads(stored)]
