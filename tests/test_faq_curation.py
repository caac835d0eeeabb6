"""Curating the knowledge base from the chat, as conversations: the inbox, edits, proposals,
undo, validation, two editors at once, a restart mid-edit, links, switching off."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot import App, Config, build_app
from core.testing import Conversation
from faq.evaluate import evaluate, read_questions
from handlers.faq import curation_texts as t
from handlers.faq import texts
from tests.conftest import SHARED
from tests.faq_helpers import run_faq
from tests.test_members_kit import Outbox, approved_member, coordinator

UNANSWERED = "bi nguoi la goi dien doa bat giam"  # no answer on the shipped base
LIKE_IT = "bị người lạ gọi điện dọa bắt giam"      # the same, with diacritics
SCAM = "safety.scam_signs"


@pytest.fixture
def outbox(app: App) -> Outbox:
    box = Outbox()
    box.install(app)
    return box


def answered_with(chat: Conversation, app: App, entry_id: str) -> bool:
    entry = app.faq.kb.get(entry_id)
    return entry is not None and bool(chat.last) and chat.last[0].text.startswith(entry.title)


async def test_coordinator_attaches_a_question_and_the_next_villager_gets_the_answer(
    app: App, outbox: Outbox, admin: Conversation, villager: Conversation,
) -> None:
    await villager.say(UNANSWERED)
    assert texts.NO_ANSWER in villager.text
    # An unregistered villager's text is shown to province coordinators (faq/privacy.py).
    coord = await coordinator(app, outbox, admin, "coord", "0912000111", place="tỉnh")
    outbox.clear()

    await coord.say("/cauhoimoi")
    assert UNANSWERED in coord.text
    await coord.press("🛠 1.")
    scam = app.faq.kb.get(SCAM)
    await coord.press(t.ATTACH_TO.format(title=scam.title))
    assert t.ATTACHED.format(question=UNANSWERED, title=scam.title) in coord.text
    assert "Giờ em trả lời câu này bằng mục" in coord.text

    neighbour = Conversation(app.core, user_id="hoa", display_name="Hoa")
    await neighbour.say(LIKE_IT)
    assert answered_with(neighbour, app, SCAM), neighbour.text

    told = outbox.text_to("lan")
    assert "nay đã có câu trả lời" in told and UNANSWERED in told
    assert scam.title in told
    await coord.say("/cauhoimoi")
    assert UNANSWERED not in coord.text  # dealt with: no longer listed

    outbox.clear()  # a later change to the same entry does not tell her twice
    await admin.say(f"/suakb {SCAM}")
    await admin.press(t.OPTION_FIELD["title"])
    await admin.say("Nhận biết cuộc gọi, tin nhắn lừa đảo")
    await admin.press(t.OPTION_SAVE)
    assert "đã lưu" in admin.text
    assert outbox.to("lan") == []


async def test_search_attaches_to_another_entry(
    app: App, admin: Conversation, villager: Conversation,
) -> None:
    await villager.say("muon doi ten facebook thi lam sao")
    await admin.say("/cauhoimoi")
    await admin.press("🛠 1.")
    await admin.press(t.SEARCH_OTHER)
    await admin.say("bảo vệ tài khoản")
    account = app.faq.kb.get("safety.account_security")
    await admin.press(t.ATTACH_TO.format(title=account.title))
    assert t.ATTACHED.split("«")[0] in admin.text
    await villager.say("muon doi ten facebook thi lam sao")
    assert answered_with(villager, app, "safety.account_security"), villager.text


async def test_out_of_scope_is_not_listed_again(
    app: App, admin: Conversation, villager: Conversation,
) -> None:
    await villager.say("tra cuu diem thi thpt o dau")
    await admin.say("/cauhoimoi")
    await admin.press("🛠 1.")
    await admin.press(t.OUT_OF_SCOPE)
    assert "ngoài phạm vi" in admin.text
    other = Conversation(app.core, user_id="minh", display_name="Minh")
    await other.say("tra cứu điểm thi THPT ở đâu")
    await admin.say("/cauhoimoi")
    assert "điểm thi" not in admin.text.lower(), admin.text


async def test_team_leader_proposes_an_entry_an_admin_approves_a_villager_gets_it(
    app: App, outbox: Outbox, admin: Conversation, villager: Conversation,
) -> None:
    leader = await approved_member(app, outbox, admin, "leader", phone="0912000222",
                                   role="Tổ trưởng")
    outbox.clear()
    await leader.say("/themkb")
    await leader.press("Thẻ căn cước")
    await leader.say("Đổi thông tin in trên thẻ căn cước khi đổi tên")
    await leader.say(
        "Dạ, khi đã đổi tên trong giấy khai sinh:\n1. Mang giấy tờ đến công an xã.\n"
        "2. Làm thủ tục cấp đổi thẻ căn cước."
    )
    await leader.press(t.OPTION_FIELD["links"])
    await leader.say("Dịch vụ công Bộ Công an | https://dichvucong.bocongan.gov.vn")
    await leader.press(t.OPTION_PROPOSE)
    assert "đã gửi đề xuất" in leader.text

    sent = outbox.text_to("admin")
    assert "Đổi thông tin in trên thẻ căn cước" in sent
    await admin.say("/duyetkb")
    await admin.press("Duyệt")
    assert "đã duyệt đề xuất" in admin.text.lower(), admin.text
    assert "đã được duyệt" in outbox.text_to("leader")

    await villager.say("đổi thông tin in trên thẻ căn cước khi đổi tên")
    assert villager.last[0].text.startswith("Đổi thông tin in trên thẻ căn cước"), villager.text


async def test_a_rejected_proposal_tells_the_proposer_why(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    leader = await approved_member(app, outbox, admin, "leader", phone="0912000333",
                                   role="Tổ trưởng")
    before = app.faq.kb.get("vneid.passcode").answer
    await leader.say("/suakb vneid.passcode")
    await leader.press(t.OPTION_FIELD["answer"])
    await leader.say("Passcode là 6 số, ai hỏi cũng đưa.")
    await leader.press(t.OPTION_PROPOSE)
    await admin.say("/duyetkb")
    await admin.press("Từ chối")
    await admin.say("Không được đưa passcode cho người khác")
    assert "đã từ chối" in admin.text.lower()
    assert "Không được đưa passcode" in outbox.text_to("leader")
    assert app.faq.kb.get("vneid.passcode").answer == before


async def test_undo_restores_the_previous_answer(
    app: App, admin: Conversation, villager: Conversation,
) -> None:
    old = app.faq.kb.get("vneid.passcode")
    await admin.say("/suakb passcode vneid")
    if admin.options and admin.options[0].payload.startswith("ko:"):
        await admin.press(old.title)
    await admin.press(t.OPTION_FIELD["answer"])
    await admin.say("1. Mở VNeID.\n2. Chọn Quên passcode.\n3. Làm theo hướng dẫn.")
    await admin.press(t.OPTION_SAVE)
    assert "đã lưu" in admin.text.lower()
    await villager.say("quên passcode vneid")
    assert "Chọn Quên passcode" in villager.text

    await admin.press("Hoàn tác")
    assert "đã hoàn tác" in admin.text.lower(), admin.text
    await villager.say("quên passcode vneid")
    assert old.answer[:60] in villager.text
    await admin.say("/lichsukb")
    assert "(đã hoàn tác)" in admin.text


async def test_an_invalid_edit_is_refused_with_the_validators_message(
    app: App, admin: Conversation, villager: Conversation,
) -> None:
    old = app.faq.kb.get("vneid.passcode")
    taken = app.faq.kb.get("vneid.forgot_password").questions[0]
    await admin.say("/suakb vneid.passcode")
    await admin.press(t.OPTION_FIELD["title"])
    await admin.say(taken)
    await admin.press(t.OPTION_SAVE)
    assert "chưa lưu được" in admin.text.lower()
    assert "trùng" in admin.text and "vneid.forgot_password" in admin.text, admin.text
    assert app.faq.kb.get("vneid.passcode").title == old.title
    await villager.say("quên passcode vneid")
    assert answered_with(villager, app, "vneid.passcode")
    await admin.press(t.OPTION_BACK)  # the draft is kept: fix it and save
    await admin.press(t.OPTION_FIELD["title"])
    await admin.say("Passcode VNeID: đặt, đổi, quên")
    await admin.press(t.OPTION_SAVE)
    assert app.faq.kb.get("vneid.passcode").title == "Passcode VNeID: đặt, đổi, quên"


async def test_two_admins_editing_the_same_entry_lose_nothing(config: Config) -> None:
    admins = config.bot.admins | {("test", "admin2")}
    app = await build_app(replace(config, bot=replace(config.bot, admins=admins)))
    try:
        await _two_admins(app)
    finally:
        await app.close()


async def _two_admins(app: App) -> None:
    first = Conversation(app.core, user_id="admin", display_name="An")
    second = Conversation(app.core, user_id="admin2", display_name="Bình")
    for chat in (first, second):
        await chat.say("/suakb vneid.passcode")
    await first.press(t.OPTION_FIELD["title"])
    await first.say("Passcode VNeID (mã bảo vệ 6 số)")
    await second.press(t.OPTION_FIELD["answer"])
    await second.say("1. Mở VNeID.\n2. Chọn Quên passcode.")
    await first.press(t.OPTION_SAVE)
    assert "đã lưu" in first.text.lower()
    await second.press(t.OPTION_SAVE)
    assert "An đã lưu mục này" in second.text, second.text
    assert app.faq.kb.get("vneid.passcode").answer != "1. Mở VNeID.\n2. Chọn Quên passcode."
    await second.press(t.OPTION_REBASE)
    assert "đã lưu" in second.text.lower()
    entry = app.faq.kb.get("vneid.passcode")
    assert entry.title == "Passcode VNeID (mã bảo vệ 6 số)"
    assert entry.answer == "1. Mở VNeID.\n2. Chọn Quên passcode."


async def test_a_restart_in_the_middle_of_an_edit_resumes_it(config: Config) -> None:
    app = await build_app(config)
    admin = Conversation(app.core, user_id="admin")
    await admin.say("/suakb vneid.passcode")
    await admin.press(t.OPTION_FIELD["answer"])
    await app.close()

    app = await build_app(config)
    try:
        admin = Conversation(app.core, user_id="admin")
        await admin.say("1. Mở VNeID.\n2. Chọn Quên passcode.")
        assert "Đang sửa mục vneid.passcode" in admin.text
        await admin.press(t.OPTION_SAVE)
        assert "đã lưu" in admin.text.lower()
    finally:
        await app.close()
    app = await build_app(config)  # and the edit is still served after another restart
    try:
        assert app.faq.kb.get("vneid.passcode").answer.startswith("1. Mở VNeID.")
    finally:
        await app.close()


async def test_links_outside_the_allow_list_and_markup(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    leader = await approved_member(app, outbox, admin, "leader", phone="0912000444",
                                   role="Tổ trưởng")
    await leader.say("/suakb vneid.passcode")
    await leader.press(t.OPTION_FIELD["links"])
    await leader.say("Trang lạ | http://vneid-hotro.com")
    await leader.press(t.OPTION_PROPOSE)
    assert "vneid-hotro.com" in leader.text and "ngoài danh sách" in leader.text

    await admin.say("/suakb vneid.passcode")
    await admin.press(t.OPTION_FIELD["answer"])
    await admin.say("<b>Đậm</b> [bấm vào đây](http://evil.example.com) để lấy lại passcode.")
    await admin.press(t.OPTION_SAVE)
    assert "evil.example.com" in admin.text
    await admin.press(t.OPTION_KEEP_LINKS)  # an admin may confirm it
    answer = app.faq.kb.get("vneid.passcode").answer
    assert "<b>" not in answer and "](" not in answer
    assert answer.startswith("Đậm bấm vào đây http://evil.example.com")


async def test_an_entry_switched_off_is_not_answered_and_comes_back(
    app: App, admin: Conversation, villager: Conversation,
) -> None:
    await admin.say("/tatkb vneid.passcode")
    assert "đã tắt" in admin.text.lower()
    await villager.say("quên passcode vneid")
    assert not answered_with(villager, app, "vneid.passcode")
    await admin.say("/batkb vneid.passcode")
    await villager.say("quên passcode vneid")
    assert answered_with(villager, app, "vneid.passcode")


async def test_only_coordinators_act_on_the_inbox(
    app: App, admin: Conversation, villager: Conversation,
) -> None:
    await villager.say(UNANSWERED)
    await admin.say("/cauhoimoi")
    payload = admin.find_option("🛠 1.").payload
    other = Conversation(app.core, user_id="other")
    from core.model import EventKind, Incoming

    msg = Incoming(EventKind.BUTTON, other.sender, other.chat, payload=f"ia:{payload[3:]}:{SCAM}",
                   update_id="x-forged")
    replies = await app.core.handle(msg)
    assert "chỉ dành cho" in replies[0].text
    assert UNANSWERED not in app.faq.kb.get(SCAM).questions


@pytest.mark.skipif(not (SHARED / "faq").is_dir(), reason="../shared is not here")
async def test_quality_holds_after_the_edits(
    app: App, admin: Conversation, villager: Conversation,
) -> None:
    await villager.say(UNANSWERED)
    await admin.say("/cauhoimoi")
    await admin.press("🛠 1.")
    await admin.press(t.ATTACH_TO.format(title=app.faq.kb.get(SCAM).title))
    await admin.say("/themkb")
    await admin.press("Thẻ căn cước")
    await admin.say("Đổi thông tin in trên thẻ căn cước khi đổi tên")
    await admin.say("1. Mang giấy tờ đến công an xã.\n2. Làm thủ tục cấp đổi thẻ căn cước.")
    await admin.press(t.OPTION_FIELD["links"])
    await admin.say("Dịch vụ công Bộ Công an | https://dichvucong.bocongan.gov.vn")
    await admin.press(t.OPTION_SAVE)
    assert "đã lưu" in admin.text.lower(), admin.text
    report = evaluate(app.faq.matcher, read_questions(SHARED / "faq" / "dev-questions.yaml"))
    assert report.top1 >= 92.0 and report.top3 >= 98.0, report.summary()
    assert report.rejection >= 80.0, report.summary()


async def test_history_and_validate_from_the_command_line(
    app: App, config: Config, admin: Conversation, villager: Conversation, tmp_path,
) -> None:
    await villager.say(UNANSWERED)
    await admin.say("/cauhoimoi")
    await admin.press("🛠 1.")
    await admin.press(t.ATTACH_TO.format(title=app.faq.kb.get(SCAM).title))
    root = Path(__file__).resolve().parents[1]
    text = (root / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("database: data/bot.sqlite3", f"database: {config.bot.database}")
    text = text.replace("knowledge_base: faq/kb", f"knowledge_base: {root / 'faq' / 'kb'}")
    text = text.replace("abbreviations: faq/abbreviations.yaml",
                        f"abbreviations: {root / 'faq' / 'abbreviations.yaml'}")
    cfg = tmp_path / "config.yaml"
    cfg.write_text(text, encoding="utf-8")
    history = run_faq("--config", str(cfg), "history")
    assert history.returncode == 0, history.stderr
    assert f"new phrasing {SCAM}" in history.stdout and UNANSWERED in history.stdout
    valid = run_faq("--config", str(cfg), "validate")
    assert valid.returncode == 0 and "OK" in valid.stdout, valid.stdout
    matched = run_faq("--config", str(cfg), "match", stdin=UNANSWERED + "\n")
    assert f'"id": "{SCAM}"' in matched.stdout  # the CLI answers as the bot now does
