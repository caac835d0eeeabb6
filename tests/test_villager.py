"""A villager's question-and-answer experience, as conversations."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot import App, Config, build_app
from core.testing import Conversation
from handlers.faq import texts


async def test_start_welcomes_and_offers_the_main_choices(villager: Conversation) -> None:
    await villager.say("/start")
    assert "Chị Lan" in villager.text
    labels = [o.label for o in villager.options]
    assert labels == [texts.OPTION_ASK, texts.OPTION_BROWSE, texts.OPTION_TEAM, texts.OPTION_HELP]


async def test_question_without_diacritics_gets_the_answer_and_feedback(
    app: App, villager: Conversation,
) -> None:
    entry = app.faq.kb.get("vneid.forgot_password")
    await villager.say("ko nho pass vneid")
    assert villager.last[0].text.startswith(entry.title)
    assert entry.answer.strip()[:40] in villager.text
    await villager.press("Hữu ích")
    assert texts.THANKS_FEEDBACK in villager.text
    row = await app.db.fetchone("SELECT entry_id, feedback FROM faq_questions")
    assert (row["entry_id"], row["feedback"]) == ("vneid.forgot_password", 1)


async def test_answer_offers_related_entries(app: App, villager: Conversation) -> None:
    entry = app.faq.kb.get("vneid.forgot_password")
    await villager.say("quên mật khẩu VNeID")
    related = [app.faq.kb.get(i) for i in entry.related[:3]]
    await villager.press(related[0].title)
    assert villager.last[0].text.startswith(related[0].title)


async def test_unsure_match_asks_did_you_mean(app: App, villager: Conversation) -> None:
    candidates = ["vneid", "mật khẩu", "căn cước", "bảo hiểm", "đăng ký", "giấy tờ", "tài khoản"]
    question = next((q for q in candidates if app.faq.match(q).decision == "suggest"), None)
    assert question is not None, "no short question gives did-you-mean"
    suggestions = app.faq.match(question).suggestions
    await villager.say(question)
    assert texts.DID_YOU_MEAN in villager.text
    assert [o.label for o in villager.options][: len(suggestions[:3])] == [
        e.title for e in suggestions[:3]
    ]
    await villager.press(suggestions[0].title)
    assert villager.last[0].text.startswith(suggestions[0].title)


async def test_out_of_scope_is_answered_honestly_and_kept(
    villager: Conversation, admin: Conversation,
) -> None:
    await villager.say("cách nấu canh chua")
    assert texts.NO_ANSWER in villager.text
    await Conversation(villager.core, user_id="binh").say("Cach nau canh chua?")
    await villager.say("xổ số miền bắc hôm nay")
    await admin.say("/cauhoimoi")
    report = admin.text
    assert "2 lần" in report  # the two ways of asking about canh chua count once, twice
    assert report.index("canh chua") < report.index("xổ số")


async def test_thumbs_down_reaches_the_open_questions(
    villager: Conversation, admin: Conversation,
) -> None:
    await villager.say("quen mat khau vneid")
    await villager.press("Chưa đúng")
    assert texts.SORRY_FEEDBACK in villager.text
    await admin.say("/cauhoimoi")
    assert "quen mat khau vneid" in admin.text and "1 👎" in admin.text


async def test_none_of_the_suggestions_counts_as_unanswered(
    app: App, villager: Conversation,
) -> None:
    question = next(q for q in ["vneid", "mật khẩu", "căn cước", "bảo hiểm", "đăng ký"]
                    if app.faq.match(q).decision == "suggest")
    await villager.say(question)
    await villager.press(texts.NONE_OF_THESE)
    assert texts.NO_ANSWER in villager.text
    row = await app.db.fetchone("SELECT outcome FROM faq_questions")
    assert row["outcome"] == "unanswered"


async def test_browse_by_theme_then_entry(app: App, villager: Conversation) -> None:
    await villager.say("/chude")
    visible = [t for t in app.faq.kb.themes if not t.hidden]
    assert [o.label for o in villager.options] == [t.title for t in visible]
    await villager.press(visible[0].title)
    first = app.faq.kb.get(visible[0].entry_ids[0])
    await villager.press(first.title)
    assert villager.last[0].text.startswith(first.title)


async def test_numbered_choices_work_without_buttons(app: App) -> None:
    zalo_like = Conversation(app.core, platform="zalo", user_id="z1", buttons=False)
    await zalo_like.say("/start")
    assert "2. " + texts.OPTION_BROWSE in zalo_like.text
    await zalo_like.say("2")
    assert texts.THEMES in zalo_like.text


async def test_help_depends_on_role(villager: Conversation, admin: Conversation) -> None:
    await villager.say("/help")
    assert "/chude" in villager.text and "/taikb" not in villager.text
    await admin.say("/help")
    assert "/taikb" in admin.text and "/cauhoimoi" in admin.text


async def test_villager_cannot_read_open_questions(villager: Conversation) -> None:
    await villager.say("/cauhoimoi")
    assert "chỉ dành cho" in villager.text


async def test_odd_input_never_breaks_the_bot(villager: Conversation) -> None:
    for text in ["", "😀😀😀", "a" * 5000, "\x00\x07 vneid \u202e", "Привет 你好 vneid"]:
        await villager.say(text or " ")
        assert villager.last and villager.last[0].text
        assert "lỗi" not in villager.last[0].text


@pytest.fixture
def editable_kb(config: Config, tmp_path: Path) -> Config:
    kb_copy = tmp_path / "kb"
    shutil.copytree(config.faq.knowledge_base, kb_copy)
    return replace(config, faq=replace(config.faq, knowledge_base=kb_copy))


async def test_reload_refuses_a_broken_knowledge_base_and_keeps_serving(
    editable_kb: Config,
) -> None:
    app = await build_app(editable_kb)
    try:
        admin = Conversation(app.core, user_id="admin")
        kb_dir = editable_kb.faq.knowledge_base
        broken = next(iter(sorted(kb_dir.glob("*.yaml"))))
        good_text = broken.read_text(encoding="utf-8")
        broken.write_text(good_text + "\n  - id: [unclosed\n", encoding="utf-8")
        await admin.say("/taikb")
        assert "chưa nạp" in admin.text and broken.name in admin.text
        await admin.say("quen mat khau vneid")
        assert admin.last[0].text.startswith(app.faq.kb.get("vneid.forgot_password").title)

        broken.write_text(good_text, encoding="utf-8")
        await admin.say("/taikb")
        assert f"{len(app.faq.kb.entries)} mục" in admin.text
    finally:
        await app.close()



async def test_a_long_two_question_message_answers_the_first_and_offers_the_second(
    app: App, villager: Conversation,
) -> None:
    await villager.say(
        "Con trai tôi vào Bình Dương làm công nhân, ở nhà trọ. Cháu có phải đăng ký tạm trú "
        "ở trong đó không? Khi cháu đăng ký tạm trú rồi thì ở nhà có cần khai báo tạm vắng "
        "cho cháu nữa không?",
    )
    assert villager.last[0].text.startswith(app.faq.kb.get("residence.temporary").title)
    absence = app.faq.kb.get("residence.absence")
    await villager.press(texts.ALSO_ASKED.format(title=absence.title))
    assert villager.last[0].text.startswith(absence.title)


@pytest.mark.parametrize("message", [
    "ok", "dạ vâng em cảm ơn",
    "ok cam on bot nhe, e lam theo huong dan xong roi, nhanh hon e nghi, tam biet",
    "Xin chào bot. Tôi là Nguyễn Văn Bình, năm nay 64 tuổi, ở khu phố 2. Rất vui được làm quen.",
])
async def test_greetings_and_thanks_get_a_short_reply_without_feedback_or_log(
    app: App, villager: Conversation, message: str,
) -> None:
    await villager.say(message)
    assert texts.NO_ANSWER not in villager.text
    labels = [o.label for o in villager.options]
    assert texts.HELPFUL not in labels and texts.NOT_HELPFUL not in labels
    assert await app.db.fetchone("SELECT id FROM faq_questions") is None


async def test_a_bare_number_with_no_list_waiting_is_not_a_question(app: App) -> None:
    person = Conversation(app.core, user_id="ba", display_name="Ba", buttons=False)
    await person.say("3")
    assert texts.NUMBER_WITHOUT_LIST in person.text
    assert await app.db.fetchone("SELECT id FROM faq_questions") is None
    await person.say("/chude")
    count = len(person.options)
    await person.say(str(count + 5))
    assert texts.NUMBER_OUT_OF_RANGE.format(count=count) in person.text
    await person.say("1")
    assert texts.THEME_ENTRIES.split("«")[0] in person.text


async def test_a_very_long_message_keeps_its_question_and_says_so(
    app: App, villager: Conversation,
) -> None:
    context = "Nhà tôi ở thôn Đông, tôi làm ruộng, con cái đi làm xa cả. " * 20
    await villager.say(context + "Xin hỏi quên mật khẩu VNeID thì lấy lại thế nào?")
    assert villager.last[0].text.startswith(texts.SHORTENED)
    assert app.faq.kb.get("vneid.forgot_password").title in villager.text
