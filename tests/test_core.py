"""The core's promises: routing, roles, dialogs that survive restarts, at-most-once, errors."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.app import BotCore
from core.database import Database, migration_files
from core.dialogs import Dialog
from core.model import Incoming, Option, Reply
from core.notifier import Notifier
from core.roles import ConfigAdmins, Role
from core.router import CommandSpec, Context, Router
from core.testing import Conversation
from core.texts import APOLOGY, CANCELLED, NOT_ALLOWED_TOP


class Echo:
    """A tiny feature: a two-step dialog, an admin command, a failing command."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.gate = asyncio.Event()

    def register(self, router: Router) -> None:
        router.command(CommandSpec("hoiten", self.start, "Hỏi tên"))
        router.command(CommandSpec("quantri", self.admin_only, "Quản trị", min_role=Role.ADMIN))
        router.command(CommandSpec("loi", self.fail, "Lỗi"))
        router.command(CommandSpec("cho", self.wait, "Chờ"))
        router.command(CommandSpec("mo", self.open_gate, "Mở"))
        router.dialog("name", self.step, prefix="nm")
        router.fallback(self.echo)

    async def start(self, ctx: Context, msg: Incoming) -> list[Reply]:
        await ctx.dialogs.save(msg.sender, Dialog("name", "name"))
        return [Reply("Tên bạn là gì?")]

    async def step(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        if dialog.step == "name":
            await ctx.dialogs.save(msg.sender, Dialog("name", "confirm", {"name": msg.text}))
            return [Reply(f"Bạn tên {msg.text}?", options=(Option("Đúng", "nm:yes"),
                                                          Option("Sai", "nm:no")))]
        await ctx.dialogs.end(msg.sender)
        if msg.payload == "nm:yes":
            return [Reply(f"Chào {dialog.data['name']}!")]
        return [Reply("Vậy thôi.")]

    async def admin_only(self, ctx: Context, msg: Incoming) -> list[Reply]:
        return [Reply("bí mật")]

    async def fail(self, ctx: Context, msg: Incoming) -> list[Reply]:
        raise RuntimeError("boom")

    async def wait(self, ctx: Context, msg: Incoming) -> list[Reply]:
        await asyncio.wait_for(self.gate.wait(), timeout=5)
        self.order.append(msg.args)
        return [Reply("đã chờ")]

    async def open_gate(self, ctx: Context, msg: Incoming) -> list[Reply]:
        self.gate.set()
        return [Reply("đã mở")]

    async def echo(self, ctx: Context, msg: Incoming) -> list[Reply]:
        self.order.append(msg.text)
        return [Reply(f"echo {msg.text}")]


async def make_core(path: Path, feature: Echo) -> BotCore:
    router = Router()
    feature.register(router)
    db = await Database.open(path)
    return BotCore(db, router, ConfigAdmins(frozenset({("test", "boss")})), Notifier())


@pytest.fixture
async def core(tmp_path: Path):
    built = await make_core(tmp_path / "core.sqlite3", Echo())
    yield built
    await built.db.close()


async def test_dialog_resumes_after_restart(tmp_path: Path) -> None:
    path = tmp_path / "restart.sqlite3"
    first = await make_core(path, Echo())
    chat = Conversation(first, user_id="an")
    await chat.say("/hoiten")
    await chat.say("An")
    await first.db.close()

    second = await make_core(path, Echo())
    chat.core = second
    replies = await chat.press("Đúng")
    assert replies[0].text == "Chào An!"
    await second.db.close()


async def test_two_running_instances_share_one_persons_dialog(tmp_path: Path) -> None:
    """Each step read by the other instance, while both stay open (a rolling restart)."""
    path = tmp_path / "shared.sqlite3"
    old, new = await make_core(path, Echo()), await make_core(path, Echo())
    chat = Conversation(old, user_id="an")
    await chat.say("/hoiten")
    chat.core = new
    assert (await chat.say("An"))[0].text == "Bạn tên An?"
    chat.core = old
    assert (await chat.press("Đúng"))[0].text == "Chào An!"
    chat.core = new
    assert (await chat.say("An"))[0].text == "echo An"  # the dialog ended for both
    await old.db.close()
    await new.db.close()


async def test_the_data_folder_may_have_any_name(tmp_path: Path) -> None:
    folder = tmp_path / "Tổ CĐS #3 (thôn 100%?)"
    core = await make_core(folder / "bot.sqlite3", Echo())
    chat = Conversation(core, user_id="an")
    await chat.say("/hoiten")
    assert (await chat.say("An"))[0].text == "Bạn tên An?"
    await core.db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no stray files


async def test_cancel_ends_the_dialog(core: BotCore) -> None:
    chat = Conversation(core)
    await chat.say("/hoiten")
    assert (await chat.say("/huy"))[0].text == CANCELLED
    assert (await chat.say("Bình"))[0].text == "echo Bình"


async def test_role_is_checked_before_a_command_runs(core: BotCore) -> None:
    villager = Conversation(core, user_id="nobody")
    boss = Conversation(core, user_id="boss")
    refused = await villager.say("/quantri")
    assert refused[0].text == NOT_ALLOWED_TOP.format(role="quản trị viên")
    assert (await boss.say("/quantri"))[0].text == "bí mật"


async def test_duplicate_update_is_handled_once(core: BotCore) -> None:
    feature_order = core.router._fallback.__self__.order  # type: ignore[union-attr]  # the Echo behind it
    chat = Conversation(core)
    assert await chat.say("một", update_id="42")
    assert await chat.say("một", update_id="42") == []
    assert feature_order == ["một"]


async def test_redelivery_after_restart_gets_the_same_reply_without_redoing_the_work(
        tmp_path: Path) -> None:
    path = tmp_path / "dedupe.sqlite3"
    first = await make_core(path, Echo())
    assert (await Conversation(first).say("/hoiten", update_id="6"))[0].text == "Tên bạn là gì?"
    await Conversation(first).say("Lan", update_id="7")
    await first.db.close()
    feature = Echo()
    second = await make_core(path, feature)
    # The messenger delivers "Lan" again (its confirmation was lost in the crash): the person
    # reads the same question again, and the dialog does not take "Lan" as the next answer.
    again = await Conversation(second).say("Lan", update_id="7")
    assert [r.text for r in again] == ["Bạn tên Lan?"]
    assert [o.label for o in again[0].options] == ["Đúng", "Sai"]
    dialog = await second.dialogs.get(Conversation(second).sender)
    assert dialog is not None and dialog.step == "confirm"
    await second.db.close()


async def test_a_crash_between_the_handlers_writes_and_the_record_loses_nothing(
        tmp_path: Path) -> None:
    """Killed in the middle of a handler: neither its writes nor the "handled" mark stay,
    so the redelivered update is handled afresh instead of being taken for a duplicate."""
    path = tmp_path / "crash.sqlite3"

    class Stuck(Echo):
        async def start(self, ctx: Context, msg: Incoming) -> list[Reply]:
            await ctx.dialogs.save(msg.sender, Dialog("name", "name"))
            await asyncio.Event().wait()  # the process dies here
            return []

    first = await make_core(path, Stuck())
    task = asyncio.create_task(Conversation(first).say("/hoiten", update_id="9"))
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await first.db.close()
    second = await make_core(path, Echo())
    replies = await Conversation(second).say("/hoiten", update_id="9")
    assert [r.text for r in replies] == ["Tên bạn là gì?"]
    await second.db.close()


async def test_a_handlers_writes_are_all_or_nothing(core: BotCore) -> None:
    class Half(Echo):
        async def start(self, ctx: Context, msg: Incoming) -> list[Reply]:
            await ctx.dialogs.save(msg.sender, Dialog("name", "name"))
            raise RuntimeError("after the first write")

    router = Router()
    Half().register(router)
    half = BotCore(core.db, router, ConfigAdmins(frozenset()), Notifier())
    chat = Conversation(half)
    assert (await chat.say("/hoiten"))[0].text == APOLOGY
    assert await half.dialogs.get(chat.sender) is None


async def test_failing_handler_apologises_and_bot_keeps_serving(core: BotCore, caplog) -> None:
    chat = Conversation(core)
    replies = await chat.say("/loi")
    assert replies[0].text == APOLOGY
    assert "boom" in caplog.text
    assert (await Conversation(core, user_id="other").say("alo"))[0].text == "echo alo"


async def test_numbered_reply_picks_an_option_without_buttons(core: BotCore) -> None:
    chat = Conversation(core, buttons=False)
    await chat.say("/hoiten")
    await chat.say("Cúc")
    assert "1. Đúng" in chat.text and "2. Sai" in chat.text
    assert (await chat.say("1"))[0].text == "Chào Cúc!"
    # with no options shown, a number is just text
    assert (await chat.say("1"))[0].text == "echo 1"


async def test_one_persons_messages_keep_their_order(core: BotCore) -> None:
    feature: Echo = core.router._fallback.__self__  # type: ignore[union-attr]  # the Echo behind it
    chat = Conversation(core, user_id="same")
    opener = Conversation(core, user_id="opener")
    waiting = asyncio.ensure_future(chat.say("/cho đầu"))
    after = asyncio.ensure_future(chat.say("sau"))
    await asyncio.sleep(0.05)
    assert feature.order == []  # "sau" waits for the same person's earlier message
    # a different person is served meanwhile: that is what opens the gate
    await opener.say("/mo")
    await asyncio.gather(waiting, after)
    assert feature.order == ["đầu", "sau"]


async def test_group_messages_need_a_mention(core: BotCore) -> None:
    chat = Conversation(core, chat_id="group-1", group=True)
    assert await chat.say("chuyện riêng", addressed_to_bot=False) == []
    assert (await chat.say("@bot alo", addressed_to_bot=True))[0].text == "echo @bot alo"


async def test_migrations_are_versioned_and_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    db = await Database.open(path)
    expected = max(version for version, _, _ in migration_files())
    assert await db.schema_version() == expected
    await db.close()
    again = await Database.open(path)
    rows = await again.fetchall("SELECT version FROM schema_migrations")
    assert len(rows) == len(migration_files())
    await again.close()


async def test_a_write_never_lands_inside_another_coroutines_transaction(tmp_path: Path) -> None:
    """A record saved while someone else's transaction is open survives its rollback."""
    db = await Database.open(tmp_path / "writes.sqlite3")
    await db.write("CREATE TABLE notes (text TEXT)")
    inside, finish = asyncio.Event(), asyncio.Event()

    async def failing_transaction() -> None:
        with pytest.raises(RuntimeError):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO notes VALUES ('half-done import')")
                inside.set()
                await finish.wait()
                raise RuntimeError("the import failed")

    transaction = asyncio.create_task(failing_transaction())
    await inside.wait()
    saved = asyncio.create_task(db.write("INSERT INTO notes VALUES ('a question')"))
    await asyncio.sleep(0.05)
    finish.set()
    await asyncio.gather(transaction, saved)
    assert [row["text"] for row in await db.fetchall("SELECT text FROM notes")] == ["a question"]
    await db.close()
