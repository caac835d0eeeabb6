"""A person's own data: consent asked and recorded at registration, /dulieucuatoi."""

from __future__ import annotations

from bot import App
from core.testing import Conversation
from members import texts
from tests.test_members_kit import register


async def test_registration_asks_consent_and_records_when_it_was_given(app: App) -> None:
    lan = Conversation(app.core, user_id="lan")
    await lan.say("hướng dẫn cài vneid")  # a question before registering
    await register(lan, phone="0912345678")
    row = await app.db.fetchone("SELECT consent_at FROM members WHERE phone = '+84912345678'")
    assert row is not None and row["consent_at"]
    await lan.say("/dulieucuatoi")
    shown = lan.text
    assert "Nguyễn Thị Lan" in shown and "0912" in shown.replace(" ", "")
    assert texts.LABEL_CONSENT in shown
    assert "Câu hỏi đã gửi" in shown and "hướng dẫn cài vneid" in shown


async def test_the_consent_sentence_is_in_the_summary(app: App) -> None:
    assert "đồng ý" in texts.REGISTER_STEPS["confirm"]


async def test_own_data_of_someone_not_registered(app: App, villager: Conversation) -> None:
    await villager.say("/dulieucuatoi")
    assert texts.MY_DATA_NOT_MEMBER in villager.text


async def test_own_data_is_refused_in_a_group(app: App) -> None:
    group = Conversation(app.core, user_id="lan", chat_id="-5", group=True)
    replies = await group.say("/dulieucuatoi")
    assert "riêng" in replies[0].text


async def test_leaving_can_erase_name_and_phone_and_keep_anonymous_counts(app: App) -> None:
    from tests.test_members_kit import Outbox, approve_last

    outbox = Outbox()
    outbox.install(app)
    admin = Conversation(app.core, user_id="admin", display_name="Quản trị")
    lan = Conversation(app.core, user_id="lan")
    await register(lan, phone="0912345678")
    await approve_last(outbox, admin)
    await lan.say("/ghinhan vneid 4")
    await lan.say("quên mật khẩu vneid")
    await lan.say("/roito")
    await lan.press("xóa họ tên")
    assert "đã xóa" in lan.text
    assert await app.db.fetchone("SELECT 1 FROM members WHERE phone = '+84912345678'") is None
    assert await app.db.fetchone("SELECT 1 FROM members WHERE full_name LIKE '%Lan%'") is None
    assert await app.db.fetchone("SELECT 1 FROM identities") is None
    assert await app.db.fetchone("SELECT 1 FROM faq_questions WHERE user_id = 'lan'") is None
    logs = await app.db.fetchone("SELECT COUNT(*) AS n, SUM(people) AS p FROM activity_logs"
                                 " WHERE deleted_at IS NULL")
    assert (logs["n"], logs["p"]) == (1, 4)  # the anonymous count stays
    await lan.say("/dulieucuatoi")
    assert texts.MY_DATA_NOT_MEMBER in lan.text
    await register(lan, phone="0912345678")  # the phone is free to register again
