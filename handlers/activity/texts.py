"""Everything the activity logging feature says to people (/ghinhan, /xoaghinhan, /cuatoi and
the reminder), in one place so a province can reword it."""

from __future__ import annotations

COMMAND_DESCRIPTIONS = {
    "ghinhan": "Ghi nhận một buổi hỗ trợ người dân",
    "xoaghinhan": "Xóa một ghi nhận vừa nhập nhầm (trong 24 giờ)",
    "cuatoi": "Số liệu hỗ trợ của anh/chị",
}

# --- guided dialog ---------------------------------------------------------------------------

ASK_SERVICE = "Dạ, anh/chị đã hỗ trợ người dân về việc gì ạ? Chọn một mục (hoặc gõ mã, ví dụ: vneid):"
ASK_PEOPLE = "Dạ, anh/chị đã hỗ trợ bao nhiêu người? Gõ một số từ 1 đến {max} ạ."
ASK_DAY = (
    "Dạ, buổi hỗ trợ vào ngày nào ạ? Chọn bên dưới, hoặc gõ ngày dạng dd/mm "
    "(ví dụ: {example})."
)
ASK_NOTE = "Dạ, anh/chị có muốn ghi chú thêm không (ví dụ: nơi hỗ trợ)? Gõ ghi chú, hoặc chọn «Bỏ qua»."
ASK_CONFIRM = "Dạ, anh/chị kiểm tra lại giúp ạ:\n{summary}"
OPTION_TODAY = "Hôm nay ({day})"
OPTION_YESTERDAY = "Hôm qua ({day})"
OPTION_SKIP = "Bỏ qua"
OPTION_SAVE = "✅ Lưu"
OPTION_RESTART = "✏️ Nhập lại"
OPTION_CANCEL = "❌ Hủy"
CANCELLED = "Dạ, đã hủy, chưa lưu gì ạ."

SUMMARY = "• Dịch vụ: {service}\n• Số người: {people}\n• Ngày: {day}{note}"
SUMMARY_NOTE = "\n• Ghi chú: {note}"
SAVED = "✅ Dạ, đã lưu ghi nhận #{id}:\n{summary}\n\nTháng này anh/chị đã ghi {sessions} lượt, {people} người. Nhập nhầm thì gõ /xoaghinhan ạ."
ALREADY_SAVED = "Dạ, ghi nhận này đã được lưu rồi (#{id}), em không lưu lần nữa:\n{summary}"

# --- validation reasons ----------------------------------------------------------------------

PEOPLE_NOT_NUMBER = "Dạ, số người cần là một số, ví dụ: 5 ạ."
PEOPLE_OUT_OF_RANGE = "Dạ, số người phải từ 1 đến {max} ạ (anh/chị gõ {value})."
DAY_MALFORMED = "Dạ, em chưa hiểu ngày «{text}». Anh/chị gõ «hôm nay», «hôm qua», dd/mm hoặc dd/mm/yyyy ạ."
DAY_FUTURE = "Dạ, ngày {day} chưa tới, không ghi nhận trước được ạ."
DAY_TOO_OLD = "Dạ, chỉ ghi nhận được hoạt động trong {days} ngày gần đây (ngày {day} đã quá hạn) ạ."
SERVICE_UNKNOWN = "Dạ, em không có dịch vụ «{text}». Các mã dùng được:\n{codes}"
NOTE_TOO_LONG = "Dạ, ghi chú dài quá {limit} ký tự, em chỉ giữ phần đầu ạ."
NOT_MEMBER = "Dạ, chỉ thành viên tổ đã được duyệt mới ghi nhận được ạ. Gõ /dangky để đăng ký."
QUICK_HELP = (
    "Cách ghi nhanh: /ghinhan <mã dịch vụ> <số người> [ngày] [ghi chú]\n"
    "Ví dụ: /ghinhan vneid 5 — hoặc /ghinhan dvc 3 hôm qua hỗ trợ tại nhà văn hóa"
)
QUICK_NO_PEOPLE = "Dạ, thiếu số người sau mã dịch vụ ạ.\n" + QUICK_HELP

# --- /xoaghinhan -----------------------------------------------------------------------------

UNDO_PICK = "Dạ, anh/chị muốn xóa ghi nhận nào? (chỉ xóa được ghi nhận của anh/chị trong 24 giờ qua)"
UNDO_MORE = "Xem thêm ▸"
UNDO_NOTHING = "Dạ, anh/chị không có ghi nhận nào trong 24 giờ qua để xóa ạ."
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
MINE_NONE = "Anh/chị chưa ghi nhận buổi nào. Gõ /ghinhan để ghi ạ."
MINE_LAST = "Lần ghi gần nhất: ngày {day}."

# --- reminder --------------------------------------------------------------------------------

REMINDER = (
    "Dạ, đã {days} ngày em chưa nhận ghi nhận hỗ trợ nào của anh/chị. Nếu anh/chị có giúp người dân, "
    "gõ /ghinhan để ghi lại nhé (ví dụ: /ghinhan vneid 3). Em cảm ơn anh/chị ạ!"
)
REMINDER_NEVER = (
    "Dạ, anh/chị chưa có ghi nhận hỗ trợ nào. Mỗi lần giúp người dân, anh/chị gõ /ghinhan để ghi lại "
    "nhé (ví dụ: /ghinhan vneid 3). Em cảm ơn anh/chị ạ!"
)

# --- daily digest to admins ------------------------------------------------------------------

DIGEST_HEAD = "📬 Dạ, có {count} yêu cầu chờ duyệt quá 1 ngày:"
DIGEST_LINE = "• {commune}: {count} yêu cầu (lâu nhất {days} ngày)"
DIGEST_FOOT = "Gõ /choduyet để xem và duyệt; xã chưa có điều phối viên thì gõ /bonhiem để bổ nhiệm."
