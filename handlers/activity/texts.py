"""Everything the activity logging feature says to people (/ghinhan, /xoaghinhan, /cuatoi and
the reminder), in one place so a province can reword it."""

from __future__ import annotations

COMMAND_DESCRIPTIONS = {
    "ghinhan": "Ghi nhận một buổi hỗ trợ người dân",
    "xoaghinhan": "Xóa một ghi nhận vừa nhập nhầm (trong 24 giờ)",
    "cuatoi": "Số liệu hỗ trợ của bạn",
}

# --- guided dialog ---------------------------------------------------------------------------

ASK_SERVICE = "Dạ, bạn đã hỗ trợ người dân về việc gì ạ? Chọn một mục (hoặc gõ mã, ví dụ: vneid):"
ASK_PEOPLE = "Dạ, bạn đã hỗ trợ bao nhiêu người? Gõ một số từ 1 đến {max} ạ."
ASK_DAY = (
    "Dạ, buổi hỗ trợ vào ngày nào ạ? Chọn bên dưới, hoặc gõ ngày dạng dd/mm "
    "(ví dụ: {example})."
)
ASK_NOTE = "Dạ, bạn có muốn ghi chú thêm không (ví dụ: nơi hỗ trợ)? Gõ ghi chú, hoặc chọn «Bỏ qua»."
ASK_CONFIRM = "Dạ, bạn kiểm tra lại giúp ạ:\n{summary}"
OPTION_TODAY = "Hôm nay ({day})"
OPTION_YESTERDAY = "Hôm qua ({day})"
OPTION_SKIP = "Bỏ qua"
OPTION_SAVE = "✅ Lưu"
OPTION_RESTART = "✏️ Nhập lại"
OPTION_CANCEL = "❌ Hủy"
CANCELLED = "Dạ, đã hủy, chưa lưu gì ạ."

SUMMARY = "• Dịch vụ: {service}\n• Số người: {people}\n• Ngày: {day}{note}"
SUMMARY_NOTE = "\n• Ghi chú: {note}"
SAVED = "✅ Dạ, đã lưu ghi nhận #{id}:\n{summary}\n\nTháng này bạn đã ghi {sessions} lượt, {people} người. Nhập nhầm thì gõ /xoaghinhan ạ."
ALREADY_SAVED = "Dạ, ghi nhận này đã được lưu rồi (#{id}), bot không lưu lần nữa:\n{summary}"

# --- validation reasons ----------------------------------------------------------------------

PEOPLE_NOT_NUMBER = "Dạ, số người cần là một số, ví dụ: 5 ạ."
PEOPLE_OUT_OF_RANGE = "Dạ, số người phải từ 1 đến {max} ạ (bạn gõ {value})."
DAY_MALFORMED = "Dạ, bot chưa hiểu ngày «{text}». Bạn gõ «hôm nay», «hôm qua», dd/mm hoặc dd/mm/yyyy ạ."
DAY_FUTURE = "Dạ, ngày {day} chưa tới, không ghi nhận trước được ạ."
DAY_TOO_OLD = "Dạ, chỉ ghi nhận được hoạt động trong {days} ngày gần đây (ngày {day} đã quá hạn) ạ."
SERVICE_UNKNOWN = "Dạ, bot không có dịch vụ «{text}». Các mã dùng được:\n{codes}"
NOTE_TOO_LONG = "Dạ, ghi chú dài quá {limit} ký tự, bot chỉ giữ phần đầu ạ."
NOT_MEMBER = "Dạ, chỉ thành viên tổ đã được duyệt mới ghi nhận được ạ. Gõ /dangky để đăng ký."
QUICK_HELP = (
    "Dạ, cách ghi nhanh: /ghinhan <mã dịch vụ> <số người> [ngày] [ghi chú]\n"
    "Ví dụ: /ghinhan vneid 5 — hoặc /ghinhan dvc 3 hôm qua hỗ trợ tại nhà văn hóa"
)
QUICK_NO_PEOPLE = "Dạ, thiếu số người sau mã dịch vụ ạ.\n" + QUICK_HELP

# --- /xoaghinhan -----------------------------------------------------------------------------

UNDO_PICK = "Dạ, bạn muốn xóa ghi nhận nào? (chỉ xóa được ghi nhận của bạn trong 24 giờ qua)"
UNDO_NOTHING = "Dạ, bạn không có ghi nhận nào trong 24 giờ qua để xóa ạ."
UNDO_OPTION = "#{id} · {day} · {service} · {people} người"
UNDO_DONE = "🗑 Dạ, đã xóa ghi nhận #{id} ({service}, {people} người, ngày {day}); số liệu không tính ghi nhận này nữa ạ."
UNDO_GONE = "Dạ, ghi nhận này không còn xóa được (đã xóa hoặc đã quá 24 giờ) ạ."

# --- /cuatoi ---------------------------------------------------------------------------------

MINE_TITLE = "📋 Dạ, số liệu hỗ trợ của {name}:"
MINE_LINE = "• {label}: {sessions} lượt, {people} người"
MINE_PERIODS = {
    "hom_nay": "Hôm nay",
    "tuan_nay": "Tuần này",
    "thang_nay": "Tháng này",
    "nam_nay": "Năm nay",
}
MINE_SERVICES = "Tháng này theo dịch vụ:"
MINE_SERVICE_LINE = "  – {service}: {sessions} lượt, {people} người"
MINE_NONE = "Bạn chưa ghi nhận buổi nào. Gõ /ghinhan để ghi ạ."
MINE_LAST = "Lần ghi gần nhất: ngày {day}."

# --- reminder --------------------------------------------------------------------------------

REMINDER = (
    "Dạ, đã {days} ngày bot chưa nhận ghi nhận hỗ trợ nào của bạn. Nếu bạn có giúp người dân, "
    "gõ /ghinhan để ghi lại nhé (ví dụ: /ghinhan vneid 3). Cảm ơn bạn ạ!"
)
REMINDER_NEVER = (
    "Dạ, bạn chưa có ghi nhận hỗ trợ nào. Mỗi lần giúp người dân, bạn gõ /ghinhan để ghi lại "
    "nhé (ví dụ: /ghinhan vneid 3). Cảm ơn bạn ạ!"
)

# --- daily digest to admins ------------------------------------------------------------------

DIGEST_HEAD = "📬 Dạ, có {count} yêu cầu chờ duyệt quá 1 ngày:"
DIGEST_LINE = "• {commune}: {count} yêu cầu (lâu nhất {days} ngày)"
DIGEST_FOOT = "Gõ /choduyet để xem và duyệt; xã chưa có điều phối viên thì gõ /bonhiem để bổ nhiệm."
