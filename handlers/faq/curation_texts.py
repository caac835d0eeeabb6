"""Everything coordinators and admins read while curating the knowledge base (to reword)."""

COMMAND_DESCRIPTIONS = {
    "suakb": "Sửa hoặc đề xuất sửa một mục (/suakb <mã hoặc từ khóa>)",
    "themkb": "Soạn một mục mới",
    "duyetkb": "Đề xuất chờ duyệt",
    "lichsukb": "Lịch sử thay đổi kho, hoàn tác",
    "tatkb": "Tắt một mục (/tatkb <mã>)",
    "batkb": "Bật lại một mục (/batkb <mã>)",
    "kbcu": "Mục lâu chưa kiểm tra lại",
}

# --- the /cauhoimoi inbox ------------------------------------------------------------------
INBOX_PICK = "🛠 {rank}. {example}"
INBOX_CARD = "Câu hỏi «{example}» ({count} lần).\nChọn cách xử lý:"
ATTACH_TO = "➕ Thêm vào: {title}"
SEARCH_OTHER = "🔎 Tìm mục khác"
DRAFT_NEW = "📝 Soạn mục mới"
OUT_OF_SCOPE = "🚫 Ngoài phạm vi"
INBOX_GONE = "Dạ, câu hỏi này đã được xử lý hoặc không còn trong danh sách. Gõ /cauhoimoi để xem lại."
SEARCH_PROMPT = "Anh/chị gõ vài từ của mục cần tìm, ví dụ: đổi số điện thoại VNeID."
SEARCH_RESULTS = "Các mục gần nhất với «{words}». Chọn mục để thêm câu hỏi vào:"
SEARCH_NONE = "Dạ, em không tìm thấy mục nào gần «{words}». Anh/chị thử từ khác nhé."
ATTACHED = "Dạ, đã thêm «{question}» làm một cách hỏi của mục «{title}»."
NOW_ANSWERS = "Giờ em trả lời câu này bằng mục «{title}» (điểm {score:.0f})."
STILL_UNSURE = (
    "Lưu ý: câu này vẫn chưa được trả lời thẳng (em {decision}). Anh/chị nên sửa tiêu đề "
    "hoặc từ khóa của mục bằng /suakb {entry_id}."
)
DECISIONS = {"suggest": "chỉ gợi ý", "none": "chưa tìm thấy mục"}
MARKED_OUT_OF_SCOPE = (
    "Dạ, đã đánh dấu «{question}» là ngoài phạm vi. Câu này và các câu giống nó sẽ "
    "không hiện trong /cauhoimoi nữa."
)
UNDO = "↩️ Hoàn tác #{change}"

# --- editing -------------------------------------------------------------------------------
EDIT_USAGE = "Anh/chị gõ /suakb kèm mã mục hoặc vài từ khóa, ví dụ: /suakb quên mật khẩu vneid"
EDIT_PICK = "Chọn mục cần sửa:"
EDIT_OPEN = "✏️ {title}"
EDIT_NOT_FOUND = "Dạ, em không tìm thấy mục nào như «{words}»."
EDIT_CARD_EDIT = "Đang sửa mục {entry_id}"
EDIT_CARD_NEW = "Đang soạn mục mới ({theme})"
EDIT_CARD = (
    "{header}\nTiêu đề: {title}\nCâu trả lời: {answer}\nLiên kết: {links}\n"
    "Kiểm tra lần cuối: {checked} · Liên quan: {related}\n{status}Chọn phần cần sửa:"
)
EDIT_CHANGED = "Đã sửa (chưa lưu): {fields}.\n"
FIELD_LABELS = {
    "title": "tiêu đề", "answer": "câu trả lời", "links": "liên kết", "checked": "ngày kiểm tra",
    "related": "mục liên quan", "sources": "nguồn",
}
OPTION_FIELD = {
    "title": "✏️ Tiêu đề", "answer": "✏️ Câu trả lời", "links": "🔗 Liên kết",
    "checked": "📅 Ngày kiểm tra", "related": "➡️ Mục liên quan", "sources": "📚 Nguồn",
}
OPTION_SAVE = "✅ Lưu"
OPTION_PROPOSE = "📨 Gửi đề xuất"
OPTION_CANCEL = "❌ Hủy"
OPTION_DISABLE = "⏸ Tắt mục này"
NONE = "không có"
PROMPTS = {
    "title": "Anh/chị gõ tiêu đề mới (một câu ngắn, người dân đọc là hiểu).",
    "answer": "Anh/chị gõ câu trả lời mới: các bước ngắn, đánh số, tối đa 1.500 ký tự.",
    "links": (
        "Anh/chị gõ mỗi liên kết một dòng, dạng: Tên trang | https://địa-chỉ.gov.vn\n"
        "Gõ - để bỏ hết liên kết."
    ),
    "sources": "Anh/chị gõ mỗi nguồn chính thống một dòng, dạng: Tên trang | https://địa-chỉ",
    "checked": "Anh/chị gõ tháng kiểm tra thông tin, ví dụ 12/2026 (hoặc gõ: nay).",
    "related": "Anh/chị gõ mã các mục liên quan, cách nhau bằng dấu phẩy. Gõ - để bỏ hết.",
}
THEME_PROMPT = "Mục mới thuộc chủ đề nào?"
BAD_LINK_LINE = "Dạ, dòng «{line}» không phải địa chỉ web. Anh/chị gõ lại nhé."
BAD_CHECKED = "Dạ, em cần tháng dạng 12/2026, không quá tháng này. Anh/chị gõ lại nhé."
UNKNOWN_IDS = "Dạ, không có mục: {ids}. Anh/chị gõ lại mã (xem bằng /suakb <từ khóa>)."
EMPTY_TEXT = "Dạ, nội dung trống. Anh/chị gõ lại nhé."
TEXT_TOO_LONG = "Dạ, câu trả lời dài {length} ký tự, tối đa {limit}. Anh/chị rút gọn giúp em."
LINKS_OUTSIDE = (
    "Liên kết ngoài danh sách trang chính thống: {hosts}. Chỉ giữ khi anh/chị chắc chắn "
    "đây là trang chính thống."
)
LINKS_REFUSED = (
    "Dạ, em không lưu được vì có liên kết ngoài danh sách trang chính thống: {hosts}. "
    "Anh/chị sửa lại, hoặc nhờ quản trị viên."
)
OPTION_KEEP_LINKS = "✅ Vẫn giữ liên kết này"
OPTION_BACK = "✏️ Sửa tiếp"
SAVED = "Dạ, đã lưu mục «{title}» (thay đổi #{change}). Người dân hỏi là có ngay câu trả lời mới."
REFUSED = (
    "Dạ, chưa lưu được vì kho câu hỏi báo lỗi:\n{error}\nMục cũ vẫn đang được dùng. "
    "Anh/chị sửa lại rồi bấm Lưu."
)
CONFLICT = (
    "Trong lúc anh/chị sửa, {by} đã lưu mục này ({at}). Bản nháp của anh/chị vẫn được giữ "
    "nguyên, chưa ghi gì."
)
OPTION_VIEW_NEW = "👀 Xem bản mới"
OPTION_REBASE = "💾 Lưu phần anh/chị sửa lên bản mới"
EDIT_CANCELLED = "Dạ, đã hủy, mục không thay đổi."
PROPOSED = "Dạ, đã gửi đề xuất #{proposal} cho quản trị viên duyệt. Em sẽ báo khi có kết quả."
SOMEONE = "người khác"
CONFLICT_SHORT = "mục vừa được người khác sửa, anh/chị thử lại"

# --- proposals -----------------------------------------------------------------------------
PROPOSALS_EMPTY = "Dạ, không có đề xuất nào đang chờ duyệt."
PROPOSAL_CARD = (
    "Đề xuất #{proposal} của {name} ({at}): {action} mục {entry_id}\nTiêu đề: {title}\n"
    "Câu trả lời: {answer}"
)
PROPOSAL_ACTIONS = {"create": "thêm", "edit": "sửa"}
OPTION_APPROVE = "✅ Duyệt #{proposal}"
OPTION_REJECT = "❌ Từ chối #{proposal}"
OPTION_FORCE = "✅ Vẫn duyệt #{proposal} lên bản mới"
NEW_PROPOSAL = "Có đề xuất mới chờ duyệt:"
PROPOSAL_DECIDED = "Dạ, đề xuất #{proposal} đã được xử lý rồi."
PROPOSAL_CONFLICT = (
    "Mục {entry_id} đã được sửa sau khi có đề xuất #{proposal}. Đề xuất vẫn chờ duyệt; "
    "duyệt lên bản mới sẽ chỉ ghi đè những phần người đề xuất đã sửa."
)
APPROVED = "Dạ, đã duyệt đề xuất #{proposal}: mục «{title}» đang được dùng (thay đổi #{change})."
REJECT_PROMPT = "Anh/chị gõ lý do từ chối đề xuất #{proposal} (người đề xuất sẽ đọc được)."
REJECTED = "Dạ, đã từ chối đề xuất #{proposal} và báo cho người đề xuất."
TOLD_APPROVED = "Dạ, đề xuất #{proposal} của anh/chị về «{title}» đã được duyệt và đang dùng."
TOLD_REJECTED = "Dạ, đề xuất #{proposal} của anh/chị về «{title}» chưa được duyệt. Lý do: {reason}"

# --- history, switching off ----------------------------------------------------------------
HISTORY_EMPTY = "Dạ, kho câu hỏi chưa có thay đổi nào."
HISTORY_HEADER = "Các thay đổi gần nhất (mới nhất trước):"
HISTORY_LINE = "#{change} {at} · {name} · {action} {entry_id}{undone}"
HISTORY_UNDONE = " (đã hoàn tác)"
ACTIONS = {
    "create": "thêm", "edit": "sửa", "phrasing": "thêm cách hỏi cho", "disable": "tắt",
    "enable": "bật lại", "undo": "hoàn tác ở",
}
UNDONE = "Dạ, đã hoàn tác #{change}: mục {entry_id} trở lại như trước (thay đổi #{new})."
UNDO_REFUSED = "Dạ, chưa làm được: {error}"
SWITCH_USAGE = "Anh/chị gõ kèm mã mục, ví dụ: /{command} vneid.passcode"
UNKNOWN_ENTRY = "Dạ, không có mục {entry_id}."
DISABLED = "Dạ, đã tắt mục {entry_id}: em không trả lời bằng mục này nữa, nội dung vẫn giữ (bật lại: /batkb {entry_id})."
ENABLED = "Dạ, đã bật lại mục {entry_id}."
ALREADY = "Dạ, mục {entry_id} đang {state} rồi."
STATE_ON, STATE_OFF = "bật", "tắt"
NOT_ALLOWED = "Dạ, việc này chỉ dành cho {role}."
PRIVATE_ONLY = "Dạ, việc này chỉ làm trong tin nhắn riêng với em để giữ kín thông tin."

# --- villagers told, stale entries ---------------------------------------------------------
FOLLOW_UP = "Dạ, câu hỏi hôm {day} của anh/chị («{question}») nay đã có câu trả lời:"
STALE_HEADER = (
    "{count} mục quá {months} tháng chưa kiểm tra lại thông tin, cũ nhất trước:"
)
STALE_LINE = "• {entry_id} «{title}»: kiểm tra {checked}"
STALE_MORE = "… và {count} mục khác."
STALE_MORE_COMMAND = "… và {count} mục khác (gõ /kbcu để xem thêm)."
STALE_FOOT = (
    "Sửa và ghi lại tháng kiểm tra: /suakb <mã mục>, ví dụ /suakb {entry_id} rồi bấm "
    "📅 Ngày kiểm tra."
)
STALE_NONE = "Dạ, mọi mục đều được kiểm tra trong {months} tháng qua."
