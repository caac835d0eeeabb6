"""Everything the members feature says to people, in one place so a province can reword it.

Registration dialog, profile, approvals, lists, import/export reports and the labels of
team roles and organisations.
"""

from __future__ import annotations

# --- labels ----------------------------------------------------------------------------

TEAM_ROLE_LABELS = {"leader": "Tổ trưởng", "deputy": "Tổ phó", "member": "Thành viên"}
TEAM_ROLE_SYNONYMS = {
    "leader": ("to truong", "truong", "tt", "leader", "truong to"),
    "deputy": ("to pho", "pho", "tp", "deputy", "pho to"),
    "member": ("thanh vien", "tv", "member", "thanh vien to", "to vien"),
}
ORGANISATION_LABELS = {
    "police": "Công an",
    "youth_union": "Đoàn thanh niên",
    "women_union": "Hội phụ nữ",
    "farmers_union": "Hội nông dân",
    "post": "Bưu điện",
    "telecom": "Viễn thông",
    "village_head": "Trưởng thôn",
    "citizen": "Người dân",
    "other": "Khác",
}
ORGANISATION_SYNONYMS = {
    "police": ("cong an", "ca", "police", "cong an xa", "cong an phuong"),
    "youth_union": ("doan thanh nien", "doan tn", "dtn", "doan", "thanh nien", "youth union"),
    "women_union": ("hoi phu nu", "phu nu", "hpn", "hoi lhpn", "lhpn", "women union"),
    "farmers_union": ("hoi nong dan", "nong dan", "hnd", "farmers union"),
    "post": ("buu dien", "buu chinh", "vnpost", "post"),
    "telecom": ("vien thong", "viettel", "vnpt", "mobifone", "nha mang", "telecom"),
    "village_head": ("truong thon", "truong ban", "truong khu pho", "to truong tdp",
                     "truong tdp", "village head"),
    "citizen": ("nguoi dan", "dan", "citizen"),
    "other": ("khac", "other"),
}
STATUS_LABELS = {
    "pending": "đang chờ duyệt",
    "approved": "đã được duyệt",
    "rejected": "không được duyệt",
    "left": "đã rời tổ",
}
COORDINATOR_LABELS = {"commune": "Điều phối viên {commune}", "province": "Điều phối viên tỉnh"}

# --- validation reasons ------------------------------------------------------------------

NAME_EMPTY = "Dạ, họ tên đang để trống ạ."
NAME_TOO_LONG = "Dạ, họ tên dài quá {limit} ký tự ạ."
NAME_TOO_SHORT = "Dạ, họ tên cần có chữ cái, ví dụ: Nguyễn Thị Lan ạ."
NAME_BAD_CHARS = "Dạ, họ tên chỉ gồm chữ cái và dấu cách (không số, biểu tượng hay ký hiệu) ạ."
PHONE_EMPTY = "Dạ, số điện thoại đang để trống ạ."
PHONE_NOT_NUMBER = "Dạ, đây không phải số điện thoại, ví dụ đúng: 0912 345 678 ạ."
PHONE_FOREIGN = "Dạ, em chỉ nhận số di động Việt Nam ạ."
PHONE_INVALID = "Dạ, số điện thoại không đúng (thiếu hoặc thừa chữ số) ạ."
PHONE_NOT_MOBILE = "Dạ, đây là số máy bàn; anh/chị vui lòng nhập số di động ạ."
VILLAGE_EMPTY = "Dạ, tên thôn/tổ dân phố đang để trống ạ."
VILLAGE_TOO_LONG = "Dạ, tên thôn/tổ dân phố dài quá {limit} ký tự ạ."
VILLAGE_BAD_CHARS = "Dạ, tên thôn/tổ dân phố chỉ gồm chữ, số và dấu cách, ví dụ: Thôn 3 ạ."
ROLE_UNKNOWN = "Dạ, vai trò phải là tổ trưởng, tổ phó hoặc thành viên ạ."
ORGANISATION_UNKNOWN = "Dạ, anh/chị vui lòng chọn một tổ chức trong danh sách ạ."
COMMUNE_EMPTY = "Dạ, tên xã/phường đang để trống ạ."
COMMUNE_NOT_FOUND = "Dạ, không tìm thấy xã/phường \"{text}\" trong tỉnh {province} ạ."
COMMUNE_AMBIGUOUS = "Dạ, \"{text}\" khớp nhiều xã/phường: {names} ạ."

# --- import and export -------------------------------------------------------------------

IMPORT_FIELD_LABELS = {
    "full_name": "Họ và tên", "phone": "Số điện thoại", "commune": "Xã/Phường",
    "village": "Thôn/Tổ dân phố", "team_role": "Vai trò", "organisation": "Tổ chức",
}
EXPORT_HEADERS = (
    "STT", "Họ và tên", "Số điện thoại", "Xã/Phường", "Thôn/Tổ dân phố", "Vai trò", "Tổ chức",
    "Trạng thái", "Ngày đăng ký",
)
TEMPLATE_HEADERS = tuple(IMPORT_FIELD_LABELS.values())
TEMPLATE_SHEET = "Thành viên"
TEMPLATE_NOTES_SHEET = "Hướng dẫn"
TEMPLATE_NOTES = (
    "Mỗi dòng ở trang \"Thành viên\" là một người; dòng đầu là tên cột, thứ tự cột tùy ý.",
    "Bắt buộc: Họ và tên, Số điện thoại (di động Việt Nam), Xã/Phường, Thôn/Tổ dân phố.",
    "Vai trò: Tổ trưởng, Tổ phó hoặc Thành viên (để trống = Thành viên).",
    "Tổ chức: Công an, Đoàn thanh niên, Hội phụ nữ, Hội nông dân, Bưu điện, Viễn thông, "
    "Trưởng thôn, Người dân, Khác (để trống = Khác).",
    "Nhập lại cùng một tệp không tạo trùng: mỗi số điện thoại là một người.",
)
IMPORT_BAD_TYPE = "Dạ, em chỉ nhận tệp CSV hoặc Excel (.xlsx) ạ."
IMPORT_UNREADABLE = (
    "Dạ, em không đọc được tệp này; anh/chị lưu lại dạng .xlsx hoặc .csv rồi gửi lại ạ."
)
IMPORT_TOO_BIG = "Dạ, tệp lớn quá {mb} MB ạ."
IMPORT_TOO_COMPLEX = (
    "Dạ, em không đọc tệp này: {reason}. Anh/chị chép danh sách sang một tệp Excel mới "
    "(chỉ một trang, không ảnh) rồi gửi lại ạ."
)
IMPORT_REASON_UNZIPPED = "khi giải nén nó lớn hơn {mb} MB"
IMPORT_REASON_RATIO = "nó nén bất thường (có thể là tệp độc hại)"
IMPORT_REASON_CELLS = "nó có hơn {count} ô dữ liệu"
IMPORT_TOO_MANY = "Dạ, tệp có quá {limit} dòng ạ."
IMPORT_MISSING_COLUMNS = "Dạ, tệp thiếu cột: {columns}. Gõ /maunhap để lấy tệp mẫu ạ."
IMPORT_NO_ROWS = "Dạ, tệp không có dòng dữ liệu nào ạ."
IMPORT_REFUSED = "Không nhập được tệp, chưa có gì thay đổi. {reason}"
IMPORT_SUMMARY = (
    "Kết quả nhập tệp {filename}: {created} thành viên mới, {updated} cập nhật, "
    "{unchanged} không đổi, {refused} dòng bị từ chối."
)
IMPORT_ROW = "- Dòng {row}: {reason}"
IMPORT_MORE_ROWS = "… và {count} dòng lỗi khác."
IMPORT_ROW_DUPLICATE = "số điện thoại trùng với dòng {row}"
IMPORT_ROW_PHONE_TAKEN = "số điện thoại đã thuộc một thành viên ngoài phạm vi của anh/chị"
IMPORT_ROW_OUT_OF_SCOPE = "xã/phường này ngoài phạm vi của anh/chị"
IMPORT_ROW_MISSING = "thiếu {column}"

# --- commands ----------------------------------------------------------------------------

COMMAND_DESCRIPTIONS = {
    "dangky": "Đăng ký vào tổ công nghệ số của thôn",
    "toi": "Xem thông tin của anh/chị trong tổ",
    "sua": "Sửa thông tin của anh/chị",
    "roito": "Rời tổ công nghệ số",
    "lienket": "Liên kết tài khoản Telegram và Zalo",
    "dulieucuatoi": "Xem dữ liệu em đang giữ về anh/chị",
    "choduyet": "Các yêu cầu đang chờ duyệt",
    "thanhvien": "Danh sách thành viên theo thôn, xã",
    "xuatds": "Xuất danh sách thành viên (CSV, Excel)",
    "maunhap": "Tệp mẫu để nhập danh sách thành viên",
    "nhapds": "Nhập danh sách thành viên từ tệp CSV/Excel",
    "bonhiem": "Bổ nhiệm điều phối viên xã hoặc tỉnh",
    "miennhiem": "Thôi nhiệm vụ điều phối viên",
}
PLATFORM_LABELS = {"telegram": "Telegram", "zalo": "Zalo", "console": "máy thử"}

# --- shared pieces -------------------------------------------------------------------------

FIELD_LINE = "• {label}: {value}"
LABEL_NAME = "Họ tên"
LABEL_PHONE = "Điện thoại"
LABEL_COMMUNE = "Xã/phường"
LABEL_VILLAGE = "Thôn/tổ dân phố"
LABEL_ROLE = "Vai trò"
LABEL_ORGANISATION = "Tổ chức"
LABEL_STATUS = "Trạng thái"
OLD_CHOICE = "Dạ, lựa chọn đó đã cũ."
TYPE_PLEASE = "Dạ, bước này anh/chị vui lòng gõ chữ."
CHOOSE_PLEASE = "Dạ, anh/chị vui lòng chọn một trong các lựa chọn dưới đây."
OPTION_RETYPE = "✏️ Nhập lại"
OPTION_VILLAGE_SAME = "✅ Đúng: {name}"
OPTION_VILLAGE_NEW = "➕ Thôn mới: {name}"
VILLAGE_FOUND = "Xã đã có \"{name}\". Đây có phải thôn của anh/chị không ạ?"
VILLAGE_CLOSE = "Xã đã có các thôn/tổ gần giống. Anh/chị chọn đúng thôn đang ở, hoặc thêm thôn mới ạ:"
VILLAGE_NEW = "{commune} chưa có «{name}» trong danh sách. Anh/chị xác nhận thêm thôn mới này ạ?"
VILLAGE_NEW_HERE = "Danh sách chưa có «{name}». Anh/chị xác nhận thêm thôn mới này ạ?"

# --- registration --------------------------------------------------------------------------

REGISTER_INTRO = (
    "Dạ, em mời anh/chị đăng ký vào Tổ công nghệ số cộng đồng nhé. Có 6 câu hỏi ngắn; "
    "gõ /huy bất cứ lúc nào để dừng."
)
CONSENT = ("Bấm «Gửi đăng ký» là anh/chị đồng ý cho tổ CĐS lưu các thông tin trên để liên hệ và "
           "thống kê; gõ /dulieucuatoi để xem, /roito để rời tổ.")
REGISTER_STEPS = {
    "name": "1/6. Họ và tên của anh/chị là gì ạ? (ví dụ: Nguyễn Thị Lan)",
    "phone": "2/6. Số điện thoại di động của anh/chị ạ? (ví dụ: 0912 345 678)",
    "claim": (
        "Số điện thoại này đã có trong danh sách tổ do điều phối viên nhập. Nếu đúng là số của "
        "anh/chị, em sẽ gửi yêu cầu để điều phối viên xác nhận tài khoản này là của anh/chị ạ."
    ),
    "commune": "3/6. Anh/chị ở xã/phường nào ạ? (ví dụ: Quảng Phú)",
    "commune_pick": "Anh/chị chọn đúng xã/phường đang ở ạ:",
    "village": "4/6. Anh/chị ở thôn/bản/tổ dân phố nào ạ? (ví dụ: Thôn 3, Bản Na, TDP 5)",
    "village_pick": "",
    "role": "5/6. Vai trò của anh/chị trong tổ ạ?",
    "org": "6/6. Anh/chị thuộc tổ chức, đơn vị nào ạ?",
    "confirm": ("Anh/chị kiểm tra lại thông tin ạ:\n{summary}\n" + CONSENT),
}
OPTION_SEND = "✅ Gửi đăng ký"
OPTION_RESTART = "✏️ Làm lại từ đầu"
OPTION_CLAIM_YES = "✅ Đúng số này"
OPTION_CLAIM_NO = "✏️ Nhập số khác"
PHONE_TAKEN = (
    "Dạ, số điện thoại này đã được đăng ký. Nếu đó là anh/chị trên Telegram/Zalo khác, anh/chị gõ "
    "/lienket ở tài khoản đã đăng ký để nhận mã liên kết ạ."
)
ALREADY_REGISTERED = "Dạ, anh/chị đã đăng ký rồi ({status}). Gõ /toi để xem, /sua để sửa thông tin ạ."
REGISTER_SENT = (
    "Dạ, đã gửi đăng ký. Điều phối viên của xã sẽ duyệt và em sẽ báo anh/chị ngay khi có kết quả ạ."
)
REGISTER_NO_REVIEWER = (
    "Dạ, em đã lưu yêu cầu của anh/chị, nhưng hiện chưa có điều phối viên xã, điều phối viên "
    "tỉnh hay quản trị viên nào trên hệ thống để duyệt. Anh/chị báo giúp UBND xã hoặc người "
    "quản lý hệ thống bổ nhiệm điều phối viên; khi có người duyệt, em sẽ báo anh/chị ngay."
)
EDIT_NO_REVIEWER = REGISTER_NO_REVIEWER
CLAIM_SENT = "Dạ, đã gửi yêu cầu xác nhận tới điều phối viên của xã. Em sẽ báo anh/chị kết quả ạ."

# --- approvals ---------------------------------------------------------------------------

REQUEST_JOIN = "📝 Đăng ký mới vào tổ công nghệ số:"
REQUEST_CLAIM = (
    "🔗 Tài khoản {platform} \"{display}\" xin nhận là thành viên sau (đã có trong danh sách nhập):"
)
REQUEST_CHANGE = "✏️ {name} ({phone}) xin thay đổi:"
CHANGE_VILLAGE = "• Thôn: {old} → {new}"
CHANGE_ROLE = "• Vai trò: {old} → {new}"
OPTION_APPROVE = "✅ Duyệt"
OPTION_REJECT = "❌ Từ chối"
MEMBER_LINE = "{number}. {name} — {role} — {village} — {phone}{status}"

# --- profile -----------------------------------------------------------------------------

FORMER_MEMBER = {
    "left": ("Dạ, anh/chị ({name}, {village}, {commune}) đã rời tổ công nghệ số; số liệu cũ vẫn "
             "được giữ. Gõ /dangky để tham gia lại ạ."),
    "rejected": ("Dạ, đăng ký trước của anh/chị ({name}, {village}, {commune}) chưa được duyệt. "
                 "Gõ /dangky để đăng ký lại ạ."),
}
NOT_REGISTERED = "Dạ, anh/chị chưa đăng ký vào tổ công nghệ số. Gõ /dangky để đăng ký ạ."
MY_DATA_HEADER = "Dữ liệu em đang giữ về anh/chị:"
MY_DATA_NOT_MEMBER = "• Anh/chị chưa đăng ký tổ CĐS: em không giữ họ tên hay số điện thoại."
LABEL_CONSENT = "Đồng ý lưu thông tin lúc"
MY_DATA_LOGS = "• Ghi nhận hỗ trợ: {count} lần, {people} người; lần gần nhất {last}"
MY_DATA_QUESTIONS = "• Câu hỏi đã gửi (giữ có thời hạn): {count}"
MY_DATA_FOOTER = ("Muốn sửa: /sua. Muốn rời tổ và xóa họ tên, số điện thoại: /roito. "
                  "Câu hỏi tự xóa sau thời hạn lưu giữ.")
PROFILE_HEADER = "Thông tin của anh/chị trong Tổ công nghệ số cộng đồng:"
PROFILE_FOOTER = "Gõ /sua để sửa, /lienket để dùng thêm Telegram/Zalo khác, /roito để rời tổ."
PROFILE_CHANGE_PENDING = "⏳ Anh/chị có một yêu cầu thay đổi đang chờ duyệt."
LABEL_DUTY = "Nhiệm vụ"
LABEL_ACCOUNTS = "Tài khoản đã liên kết"
EDIT_FIELD_LABELS = {
    "name": "Họ tên", "phone": "Số điện thoại", "place": "Xã/thôn (cần duyệt lại)",
    "role": "Vai trò (cần duyệt lại)", "org": "Tổ chức",
}
EDIT_STEPS = {
    "field": "Anh/chị muốn sửa thông tin nào ạ? (gõ /huy để thôi)",
    "name": "Họ và tên mới của anh/chị ạ?",
    "phone": "Số điện thoại di động mới của anh/chị ạ?",
    "commune": "Anh/chị ở xã/phường nào ạ? Gõ tên xã, hoặc giữ xã hiện tại:",
    "commune_pick": "Anh/chị chọn đúng xã/phường đang ở ạ:",
    "village": "Thôn/bản/tổ dân phố mới của anh/chị ạ? (ví dụ: Thôn 3, Bản Na, TDP 5)",
    "village_pick": "",
    "role": "Vai trò mới của anh/chị trong tổ ạ?",
    "org": "Anh/chị thuộc tổ chức, đơn vị nào ạ?",
}
OPTION_KEEP_COMMUNE = "Giữ {name}"
EDIT_SAVED = "Dạ, đã cập nhật thông tin của anh/chị. Gõ /toi để xem lại ạ."
EDIT_NOTHING = "Dạ, thông tin không thay đổi gì ạ."
EDIT_NEEDS_APPROVAL = (
    "Dạ, đã gửi yêu cầu thay đổi tới điều phối viên. Trong lúc chờ duyệt, thông tin cũ vẫn "
    "được giữ; em sẽ báo anh/chị kết quả ạ."
)
LEAVE_CONFIRM = (
    "Anh/chị chắc chắn muốn rời Tổ công nghệ số? Các hoạt động anh/chị đã ghi nhận vẫn được giữ "
    "trong thống kê ạ."
)
OPTION_LEAVE_YES = "Đồng ý rời tổ"
OPTION_LEAVE_ERASE = "Rời tổ và xóa họ tên, số điện thoại"
OPTION_LEAVE_NO = "Không, ở lại"
LEAVE_KEPT = "Dạ, anh/chị vẫn ở trong tổ ạ. Em cảm ơn anh/chị!"
LEFT = "Dạ, anh/chị đã rời tổ. Em cảm ơn anh/chị đã đồng hành; gõ /dangky nếu muốn tham gia lại ạ."
LEFT_ERASED = (
    "Dạ, anh/chị đã rời tổ; em đã xóa họ tên, số điện thoại, tài khoản liên kết và câu hỏi của "
    "anh/chị, chỉ giữ số lượt hỗ trợ không tên trong thống kê. Em cảm ơn anh/chị ạ."
)
LINK_HOW = (
    "Dạ, để dùng em trên cả Telegram và Zalo: ở tài khoản đã đăng ký gõ /lienket để nhận mã, "
    "rồi ở tài khoản kia gõ /lienket kèm mã đó ạ."
)
LINK_CODE = (
    "Mã liên kết của anh/chị: {code} (dùng trong {minutes} phút, một lần).\n"
    "Mở em ở tài khoản Telegram/Zalo còn lại và gõ: /lienket {raw}\n"
    "Không đưa mã này cho người khác ạ."
)
LINK_BAD_CODE = "Dạ, mã liên kết gồm 8 chữ số, ví dụ: /lienket 1234 5678 ạ."
LINK_LOCKED_NOW = (
    "Dạ, anh/chị đã nhập sai mã {count} lần liền nên em tạm khóa liên kết {minutes} phút "
    "để bảo vệ tài khoản ạ."
)
LINK_LOCKED = "Dạ, liên kết đang tạm khóa vì nhập sai mã nhiều lần; anh/chị thử lại sau {time}."
LINK_OUTCOMES = {
    "linked": "Dạ, đã liên kết tài khoản này với hồ sơ của anh/chị. Gõ /toi để xem ạ.",
    "invalid": "Dạ, mã không đúng hoặc đã hết hạn. Anh/chị lấy mã mới bằng /lienket ở tài khoản đã "
               "đăng ký ạ.",
    "same": "Dạ, tài khoản này đã được liên kết với hồ sơ của anh/chị rồi ạ.",
    "taken": "Dạ, tài khoản này đang gắn với một hồ sơ khác nên không liên kết được ạ.",
}

# --- coordinators and admins -----------------------------------------------------------------

NO_PENDING = "Dạ, không có yêu cầu nào đang chờ duyệt ạ."
PENDING_HEADER = "Có {count} yêu cầu đang chờ duyệt:"
PENDING_MORE = "… và {count} yêu cầu khác; duyệt xong các yêu cầu trên rồi gõ lại /choduyet ạ."
CANNOT_DECIDE = "Dạ, anh/chị không có quyền xử lý yêu cầu này ạ."
CANNOT_DECIDE_OWN = "Dạ, yêu cầu của chính anh/chị cần một điều phối viên khác duyệt ạ."
ALREADY_DECIDED = "Dạ, yêu cầu này đã được xử lý trước đó rồi ạ."
DECISION_CONFLICT = (
    "Dạ, yêu cầu này không còn áp dụng được (hồ sơ hoặc tài khoản đã thay đổi). "
    "Gõ /choduyet để xem các yêu cầu còn lại ạ."
)
DECIDED_APPROVED = "✅ Đã duyệt: {name}. Em đã báo cho người đăng ký ạ."
DECIDED_REJECTED = "Đã từ chối: {name}. Em đã báo cho người đăng ký ạ."
OUTCOME_MESSAGES = {
    ("join", "approved"): (
        "🎉 Chúc mừng anh/chị! Đăng ký vào Tổ công nghệ số cộng đồng đã được duyệt. "
        "Gõ /toi để xem thông tin, /help để xem các lệnh ạ."
    ),
    ("join", "rejected"): (
        "Dạ, đăng ký của anh/chị chưa được duyệt. Anh/chị liên hệ điều phối viên của xã để biết thêm, "
        "hoặc gõ /dangky để đăng ký lại với thông tin đúng ạ."
    ),
    ("change", "approved"): (
        "Dạ, yêu cầu thay đổi thông tin của anh/chị đã được duyệt. Gõ /toi để xem ạ."
    ),
    ("change", "rejected"): (
        "Dạ, yêu cầu thay đổi của anh/chị chưa được duyệt; thông tin cũ được giữ ạ."
    ),
    ("claim", "approved"): (
        "🎉 Tài khoản này đã được xác nhận là của anh/chị trong Tổ công nghệ số. Gõ /toi để xem ạ."
    ),
    ("claim", "rejected"): (
        "Dạ, điều phối viên chưa xác nhận tài khoản này. Anh/chị liên hệ điều phối viên của xã ạ."
    ),
}
NOT_AN_APPROVED_MEMBER = (
    "Dạ, số điện thoại này chưa thuộc thành viên nào đã được duyệt. Người đó cần /dangky và "
    "được duyệt trước ạ."
)
APPOINT_USAGE = (
    "Cách dùng: /bonhiem <số điện thoại> <tên xã/phường>, ví dụ /bonhiem 0912345678 Quảng Phú; "
    "hoặc /bonhiem <số điện thoại> tỉnh để giao điều phối toàn tỉnh."
)
APPOINT_WHICH_COMMUNE = "Anh/chị chọn xã/phường để giao điều phối ạ:"
APPOINTED = "Dạ, đã giao {name}: {duty}."
APPOINTED_NOTICE = (
    "Dạ, anh/chị đã được giao nhiệm vụ: {duty}. Gõ /help để xem các lệnh dành cho điều phối viên ạ."
)
DISMISS_USAGE = "Cách dùng: /miennhiem <số điện thoại>."
NOT_A_COORDINATOR = "Dạ, {name} hiện không phải điều phối viên ạ."
DISMISSED = "Dạ, {name} đã thôi nhiệm vụ điều phối viên."
DISMISSED_NOTICE = "Dạ, anh/chị đã thôi nhiệm vụ điều phối viên. Em cảm ơn anh/chị đã đóng góp ạ."

# --- lists, export, import in the chat -----------------------------------------------------

NO_SCOPE = "Dạ, tài khoản của anh/chị chưa được giao xã/phường nào ạ."
FILE_NOT_EXPECTED = (
    "Dạ, em chỉ nhận tệp danh sách thành viên từ điều phối viên (lệnh /nhapds). "
    "Nếu anh/chị muốn hỏi, anh/chị gõ câu hỏi bằng chữ giúp em ạ."
)
IMPORT_PRIVATE_ONLY = "Dạ, anh/chị gửi tệp danh sách trong tin nhắn riêng với em để bảo vệ thông tin cá nhân ạ."
CANNOT_SEE = "Dạ, anh/chị không có quyền xem danh sách này ạ."
WHICH_COMMUNE = "Anh/chị muốn xem xã/phường nào ạ?"
WHICH_VILLAGE = "Anh/chị muốn xem thôn/tổ dân phố nào của {commune} ạ?"
VILLAGE_NOT_IN_COMMUNE = "Dạ, {commune} chưa có thôn/tổ dân phố \"{text}\" ạ."
VILLAGE_OPTION = "{name} ({count})"
LIST_EMPTY = "Dạ, {place} chưa có thành viên nào ạ."
LIST_HEADER = "{place}: {count} thành viên ({pending} chờ duyệt), {villages} thôn/tổ dân phố."
LIST_MORE = "… còn {count} người nữa. Gõ /xuatds để lấy đủ danh sách (Excel, CSV) ạ."
PROVINCE_HEADER = (
    "Tỉnh {province}: {count} thành viên đã duyệt, {pending} chờ duyệt; "
    "{communes}/{all_communes} xã/phường đã có tổ."
)
PROVINCE_LINE = "• {name}: {approved} (+{pending} chờ duyệt)"
PROVINCE_MORE = "… và {count} xã/phường khác."
PROVINCE_FOOTER = "Gõ /thanhvien <tên xã> để xem danh sách một xã ạ."
EXPORT_OWN_COMMUNE_ONLY = "Dạ, anh/chị chỉ xuất được danh sách xã/phường anh/chị phụ trách ạ."
EXPORT_WHICH_COMMUNE = (
    "Dạ, không xác định được một xã/phường từ \"{text}\". Gõ đúng tên, ví dụ: "
    "/xuatds Quảng Phú ạ."
)
EXPORT_READY = "Danh sách thành viên {place}: {count} người ({fmt})."
TEMPLATE_READY = (
    "Tệp mẫu nhập danh sách thành viên. Điền mỗi người một dòng rồi gõ /nhapds và gửi tệp ạ."
)
IMPORT_SEND_FILE = (
    "Dạ, anh/chị gửi tệp danh sách (CSV hoặc Excel .xlsx) vào đây. Cột cần có: Họ và tên, "
    "Số điện thoại, Xã/Phường, Thôn/Tổ dân phố (thêm Vai trò, Tổ chức nếu có). "
    "Gõ /maunhap để lấy tệp mẫu, /huy để thôi."
)
IMPORT_REPORT_HEADERS = ("Dòng", "Lý do")
IMPORT_REPORT_FILE = "Danh sách đầy đủ các dòng bị từ chối:"
