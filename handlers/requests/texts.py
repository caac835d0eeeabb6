"""Everything people read about requests for help, in one place to reword."""

COMMAND_DESCRIPTIONS = {
    "nhotro": "Nhờ tổ công nghệ số ở thôn hỗ trợ",
    "tothon": "Liên hệ tổ công nghệ số ở thôn",
    "thon": "Chọn hoặc đổi thôn của anh/chị",
    "yeucau": "Các yêu cầu hỗ trợ đang mở",
    "congkhai": "Hiện tên, số điện thoại cho người dân",
}
OPTION_ASK_TEAM = "🙋 Nhờ tổ hỗ trợ"

# --- where the villager lives -------------------------------------------------------------------
ASK_COMMUNE = "Anh/chị ở xã/phường nào ạ? Gõ tên, có dấu hay không dấu đều được (ví dụ: quang phu)."
PICK_COMMUNE = "Anh/chị chọn đúng xã/phường ạ:"
OPTION_RETYPE = "✏️ Gõ lại"
ASK_VILLAGE = "Anh/chị ở thôn (tổ dân phố) nào? Gõ tên hoặc chọn trong danh sách ạ."
ASK_VILLAGE_NONE_LISTED = "Xã này chưa có thôn nào trên hệ thống. Anh/chị gõ tên thôn ạ."
PICK_VILLAGE = "Có phải một trong các thôn sau không ạ?"
OPTION_NO_VILLAGE = "Không thấy thôn của tôi"
VILLAGE_NOT_FOUND = "Em chưa thấy thôn «{text}» ở {commune}."
PLACE_SAVED = "Em đã ghi nhớ: {village}, {commune}. Đổi lại bất cứ lúc nào bằng /thon ạ."
PLACE_NO_VILLAGE = (
    "Em đã ghi nhớ xã {commune}. Thôn của anh/chị chưa có trên hệ thống, nên yêu cầu hỗ trợ "
    "sẽ gửi tới điều phối viên của xã ạ."
)
COMMUNE_EMPTY = "Anh/chị gõ tên xã/phường giúp em."
COMMUNE_NOT_FOUND = "Em không tìm thấy xã/phường «{text}» ở {province}."
CHOOSE_PLEASE = "Anh/chị chọn một mục trong danh sách giúp em."
OLD_CHOICE = "Lựa chọn đó đã cũ."

# --- the team of the village ----------------------------------------------------------------------
TEAM_HEAD = "👥 Tổ công nghệ số {village}, {commune}:"
TEAM_LINE = "• {name} — {role}{phone}"
TEAM_PHONE = ", ☎ {phone}"
TEAM_MORE = "Tổ có {count} thành viên trên hệ thống. Anh/chị có thể nhờ tổ hỗ trợ tận nơi ạ."
TEAM_NONE = (
    "Thôn {village} chưa có tổ công nghệ số trên hệ thống. Anh/chị có thể hỏi trưởng thôn, "
    "bộ phận một cửa của {commune}, hoặc nhờ hỗ trợ: em sẽ gửi tới điều phối viên của xã ạ."
)
TEAM_NO_VILLAGE = (
    "Thôn của anh/chị chưa có trên hệ thống. Anh/chị có thể liên hệ bộ phận một cửa của "
    "{commune}, hoặc nhờ hỗ trợ: em sẽ gửi tới điều phối viên của xã ạ."
)
COORDINATORS_LINE = "Điều phối viên của xã: {names}."

# --- the request dialog ------------------------------------------------------------------------
ASK_SERVICE = "Anh/chị cần tổ hỗ trợ việc gì ạ?"
ASK_DETAIL = (
    "Anh/chị nói ngắn gọn cần giúp gì (một câu), ví dụ: \"định danh mức 2 cho mẹ\" ạ."
)
DETAIL_EMPTY = "Anh/chị gõ một câu ngắn giúp em."
ASK_WHERE = "Tổ gặp anh/chị ở đâu thì tiện ạ?"
WHERE_CHOICES = {"home": "🏠 Tại nhà", "hall": "🏛 Nhà văn hóa thôn", "phone": "📞 Qua điện thoại"}
ASK_WHEN = "Lúc nào thì tiện cho anh/chị ạ? Chọn hoặc gõ (ví dụ: \"chiều thứ bảy\")."
WHEN_CHOICES = {"morning": "🌅 Buổi sáng", "afternoon": "🌇 Buổi chiều",
                "evening": "🌙 Buổi tối", "any": "🕒 Lúc nào cũng được"}
ASK_CONSENT = (
    "Anh/chị có muốn để lại số điện thoại cho tổ gọi không ạ?\n"
    "Số chỉ người nhận yêu cầu và điều phối viên xã xem được, và được xóa {months} tháng "
    "sau khi xong việc. Không để số, tổ vẫn nhắn được qua em."
)
OPTION_CONSENT_YES = "Đồng ý, để lại số"
OPTION_CONSENT_NO = "Không để số"
ASK_PHONE = "Anh/chị gõ số điện thoại di động (ví dụ 0912 345 678)."
ASK_CONFIRM = "Anh/chị kiểm tra lại rồi bấm Gửi ạ:\n{summary}"
OPTION_SEND = "📨 Gửi"
OPTION_CANCEL = "Hủy"
SUMMARY = "• Việc: {service}\n• Nội dung: {detail}\n• Ở đâu: {place}\n• Lúc nào: {timing}\n• Số điện thoại: {phone}"
NO_PHONE = "không để lại"
DIALOG_CANCELLED = "Em đã hủy, chưa gửi gì cho tổ ạ."
PRIVATE_ONLY = "Yêu cầu này chỉ dùng trong tin nhắn riêng với em để giữ kín thông tin ạ."

# --- what the villager is told ------------------------------------------------------------------
SENT_TO_TEAM = (
    "Em đã gửi yêu cầu #{id} tới {count} thành viên tổ {village}. Khi có người nhận, em sẽ "
    "báo anh/chị ngay ạ.\nHủy yêu cầu: /yeucau"
)
SENT_TO_COORDINATORS = (
    "Em đã gửi yêu cầu #{id} tới {count} điều phối viên của {commune}. Khi có người nhận, "
    "em sẽ báo anh/chị ngay ạ.\nHủy yêu cầu: /yeucau"
)
NOBODY_TO_SEND = (
    "Dạ, hiện chưa có ai trên hệ thống để nhận yêu cầu ở {commune}. Anh/chị liên hệ bộ phận "
    "một cửa của xã giúp em."
)
HELD_FOR_MORNING = "Bây giờ là giờ nghỉ, tin sẽ được gửi lúc {time} sáng."
SAME_SERVICE_OPEN = (
    "Anh/chị đã có yêu cầu #{id} về việc này đang chờ tổ. Xem hoặc hủy: /yeucau ạ."
)
TOO_MANY = "Hôm nay anh/chị đã gửi {max} yêu cầu. Anh/chị chờ tổ trả lời, mai gửi tiếp giúp em ạ."
VILLAGER_TAKEN = (
    "✅ {name} ({role}, tổ {village}) đã nhận yêu cầu #{id} của anh/chị ({service}) và sẽ "
    "liên hệ anh/chị{how}."
)
HOW_BY_PHONE = " qua số điện thoại anh/chị để lại"
HOW_BY_RELAY = " qua tin nhắn của em"
VILLAGER_CLOSED = (
    "Yêu cầu #{id} ({service}) đã xong. Việc hỗ trợ có giúp được anh/chị không ạ?"
)
OPTION_HELPED = "Có, cảm ơn 👍"
OPTION_NOT_HELPED = "Chưa được 👎"
VILLAGER_CANCELLED_BY_COORDINATOR = "Yêu cầu #{id} ({service}) đã được điều phối viên xã đóng ạ."
VILLAGER_PUT_BACK = (
    "Người nhận yêu cầu #{id} không còn trong tổ. Em đã gửi lại cho tổ để người khác nhận ạ."
)
ASK_FEEDBACK_TEXT = "Cảm ơn anh/chị! Anh/chị muốn góp thêm một câu không ạ? (không bắt buộc)"
OPTION_SKIP = "Bỏ qua"
FEEDBACK_THANKS = "Em cảm ơn anh/chị đã góp ý, em sẽ chuyển tới tổ ạ."
FEEDBACK_NOT_YOURS = "Góp ý này không còn dùng được ạ."

# --- /yeucau ------------------------------------------------------------------------------------
MINE_HEAD = "Yêu cầu hỗ trợ của anh/chị đang mở:"
MINE_NONE = "Anh/chị không có yêu cầu nào đang mở. Nhờ tổ hỗ trợ: /nhotro ạ."
MINE_LINE = "#{id} {service} — {state}, gửi lúc {created}"
STATE_OPEN = "đang chờ người nhận"
STATE_TAKEN = "{name} đã nhận"
OPTION_CANCEL_REQUEST = "Hủy yêu cầu #{id}"
OPTION_MESSAGE_TAKER = "✉️ Nhắn người nhận #{id}"
VILLAGER_CANCEL_DONE = "Em đã hủy yêu cầu #{id} ạ."
REQUEST_GONE = "Yêu cầu này đã xong hoặc đã hủy ạ."

# --- what the team reads ------------------------------------------------------------------------
NEW_REQUEST = (
    "🙋 Yêu cầu hỗ trợ #{id} — {village}, {commune}\n"
    "• Việc: {service}\n• Nội dung: {detail}\n• Ở đâu: {place}\n• Lúc nào: {timing}\n"
    "Anh/chị nhận giúp được thì bấm «Tôi nhận»."
)
OPTION_TAKE = "🙋 Tôi nhận #{id}"
TAKEN_WON = (
    "Anh/chị đã nhận yêu cầu #{id}.\n{details}\n{contact}\n"
    "Xong việc, anh/chị bấm «Đã hỗ trợ xong» để đóng và ghi nhận."
)
CONTACT_PHONE = "☎ Số người dân để lại: {phone}"
CONTACT_RELAY = "Người dân không để số: anh/chị bấm «Nhắn người dân», em chuyển tin giúp."
OPTION_MESSAGE_VILLAGER = "✉️ Nhắn người dân #{id}"
OPTION_DONE = "✅ Đã hỗ trợ xong #{id}"
TAKEN_LOST = "Yêu cầu #{id} đã có {name} nhận trước rồi. Cảm ơn anh/chị đã sẵn sàng ạ."
TAKEN_BY_OTHER = "ℹ️ Yêu cầu #{id} ({service}) đã có {name} nhận."
NOT_IN_TEAM = "Chỉ thành viên tổ ở {village} mới nhận được yêu cầu này ạ."
NOT_A_MEMBER_NOW = "Anh/chị không còn là thành viên tổ nên không nhận được yêu cầu này ạ."
CANCELLED_FOR_TEAM = "ℹ️ Người dân đã hủy yêu cầu #{id} ({service}), anh/chị không cần đến nữa ạ."
CLOSED_FOR_TEAM = "ℹ️ Yêu cầu #{id} đã được đóng."
DONE_THEN_LOG = "Em đã đóng yêu cầu #{id} và báo người dân. Anh/chị bấm «Lưu» để ghi nhận buổi hỗ trợ này:"
DONE_NOT_YOURS = "Yêu cầu #{id} không do anh/chị nhận, hoặc đã đóng rồi ạ."
LOG_NOTE = "Yêu cầu #{id}"
MY_TAKEN_HEAD = "Yêu cầu anh/chị đang nhận:"
VILLAGE_OPEN_HEAD = "Yêu cầu đang chờ người nhận ở {village}:"
MEMBER_NONE = "Không có yêu cầu nào đang chờ anh/chị ạ."

# --- the relay between member and villager -------------------------------------------------------
ASK_RELAY_TO_VILLAGER = (
    "Anh/chị gõ một tin cho người dân (yêu cầu #{id}). Em chuyển nguyên văn, không gửi tài "
    "khoản hay số của anh/chị. /huy để thôi."
)
ASK_RELAY_TO_MEMBER = (
    "Anh/chị gõ một tin cho {name} (yêu cầu #{id}). Em chuyển nguyên văn. /huy để thôi."
)
RELAY_FROM_MEMBER = "💬 Tin từ {name}, tổ CĐS (yêu cầu #{id}):\n«{text}»"
RELAY_FROM_VILLAGER = "💬 Tin từ người dân (yêu cầu #{id}):\n«{text}»"
OPTION_REPLY = "↩️ Trả lời #{id}"
RELAY_SENT = "Em đã chuyển tin ạ."
RELAY_CLOSED = "Yêu cầu #{id} đã đóng nên em không chuyển tin nữa ạ."
RELAY_TYPE_TEXT = "Anh/chị gõ tin bằng chữ giúp em."
RELAY_TOO_LONG = "Tin dài quá ({length} ký tự), anh/chị rút gọn dưới {max} ký tự giúp em ạ."

# --- escalation and coordinators --------------------------------------------------------------
OVERDUE_LEADER = (
    "⏰ Yêu cầu #{id} ({service}, {village}) đã chờ {hours} giờ mà chưa ai nhận. Anh/chị "
    "tổ trưởng sắp xếp người giúp, hoặc tự nhận ạ."
)
OVERDUE_COORDINATOR = (
    "⏰ Yêu cầu #{id} ({service}, {village}, {commune}) chưa ai nhận sau {hours} giờ. "
    "Anh/chị giao cho một thành viên: /yeucau"
)
FOR_COORDINATOR = (
    "🙋 Yêu cầu hỗ trợ #{id} — {village}, {commune} (thôn chưa có tổ trên hệ thống)\n"
    "• Việc: {service}\n• Nội dung: {detail}\n• Ở đâu: {place}\n• Lúc nào: {timing}\n"
    "Anh/chị giao cho một thành viên, hoặc tự nhận: /yeucau"
)
SCOPE_HEAD = "Yêu cầu đang mở ({count}):"
SCOPE_NONE = "Không có yêu cầu nào đang mở trong khu vực của anh/chị ạ."
SCOPE_LINE = "#{id} {village} — {service} — {state}, {age}{overdue}"
SCOPE_MORE = "…và {count} yêu cầu nữa."
OVERDUE_MARK = " ⏰ quá hạn"
AGE_HOURS = "{hours} giờ trước"
AGE_DAYS = "{days} ngày trước"
OPTION_ASSIGN = "👤 Giao #{id}"
OPTION_CLOSE = "✖️ Đóng #{id}"
PICK_ASSIGNEE = "Giao yêu cầu #{id} cho ai ạ?"
NO_ASSIGNEE = "Thôn/xã của yêu cầu #{id} chưa có thành viên nào đã duyệt để giao ạ."
ASSIGNED = "Em đã giao yêu cầu #{id} cho {name} và báo người dân ạ."
ASSIGNED_TO_YOU = "📌 Điều phối viên xã giao cho anh/chị yêu cầu #{id}.\n{details}\n{contact}"
CLOSED_BY_COORDINATOR = "Em đã đóng yêu cầu #{id} ạ."
OUT_OF_SCOPE = "Yêu cầu này không thuộc khu vực của anh/chị ạ."
NO_VILLAGE_NAME = "thôn chưa có trên hệ thống"

# --- /congkhai ---------------------------------------------------------------------------------
LISTING_ASK = (
    "Người dân gõ «Liên hệ tổ ở thôn» sẽ thấy tổ trưởng và những thành viên đồng ý hiện tên.\n"
    "Hiện tại: {now}. Anh/chị chọn ạ:"
)
LISTING_HIDDEN = "không hiện"
LISTING_NAME = "hiện tên"
LISTING_PHONE = "hiện tên và số điện thoại"
OPTION_LISTING = {"none": "Không hiện", "name": "Hiện tên", "phone": "Hiện tên và số điện thoại"}
LISTING_SAVED = "Em đã lưu: {now} ạ."

# --- statistics ---------------------------------------------------------------------------------
STATS_HEAD = "🙋 Yêu cầu hỗ trợ ({dates}):"
STATS_TOTAL = (
    "Gửi {opened} · đã nhận {taken} · đã xong {closed} · hủy {cancelled} · còn mở {still_open}"
)
STATS_TIMES = "Nhận sau (trung vị) {take} · xong sau (trung vị) {close} · không ai nhận đúng hạn {overdue}"
STATS_ROW = "• {place}: gửi {opened}, xong {closed}, quá hạn {overdue}"
STATS_NONE = "🙋 Không có yêu cầu hỗ trợ nào trong {dates}."
HOURS = "{value} giờ"
NO_VALUE = "—"
WEEKLY_OVERDUE = "⏰ {count} yêu cầu hỗ trợ đang quá hạn chưa ai nhận: /yeucau"
SHEET_REQUESTS = "Yêu cầu hỗ trợ"
SHEET_COLUMNS = ("Nơi", "Gửi", "Đã nhận", "Đã xong", "Hủy", "Còn mở", "Quá hạn",
                 "Trung vị giờ đến khi nhận", "Trung vị giờ đến khi xong")
SHEET_TOTAL = "Tổng"
REPORT_SUMMARY = {
    "opened": "Yêu cầu hỗ trợ nhận được",
    "closed": "Yêu cầu đã xử lý xong",
    "still_open": "Yêu cầu còn mở",
    "overdue": "Yêu cầu quá hạn chưa ai nhận kịp",
}
