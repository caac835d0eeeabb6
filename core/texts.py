"""What the core itself says to people, in one voice (em / anh/chị), reworded here only."""

NOT_ALLOWED = "Dạ, lệnh này chỉ dành cho {role} trở lên. Gõ /help để xem các lệnh anh/chị dùng được ạ."
NOT_ALLOWED_TOP = "Dạ, lệnh này chỉ dành cho {role}. Gõ /help để xem các lệnh anh/chị dùng được ạ."
NOT_YET_APPROVED = (
    "Dạ, đăng ký của anh/chị đang chờ điều phối viên duyệt; khi được duyệt, anh/chị dùng được "
    "lệnh này. Gõ /toi để xem thông tin đã gửi ạ."
)
CANCEL_DESCRIPTION = "Hủy thao tác đang làm dở"
PRIVATE_ONLY = "Dạ, lệnh này chỉ dùng trong tin nhắn riêng với em để bảo vệ thông tin cá nhân ạ."
CANCELLED = "Dạ, đã hủy thao tác đang làm."
NOTHING_TO_CANCEL = "Dạ, hiện không có thao tác nào đang làm để hủy."
STALE_BUTTON = "Dạ, lựa chọn này đã hết hiệu lực. Anh/chị vui lòng bắt đầu lại ạ."
UNKNOWN_COMMAND = "Dạ, em chưa hiểu lệnh /{name}. Gõ /help để xem các lệnh ạ."
UNSUPPORTED = (
    "Dạ, em mới đọc được tin nhắn chữ. Anh/chị vui lòng gõ câu hỏi bằng chữ, "
    "ví dụ: \"quên mật khẩu VNeID\" ạ."
)
DIALOG_EXPIRED = "Dạ, thao tác này đã hết hiệu lực. Anh/chị vui lòng bắt đầu lại."
APOLOGY = (
    "Dạ, em đang gặp lỗi khi xử lý tin nhắn này. Anh/chị vui lòng thử lại sau ít phút, "
    "hoặc liên hệ tổ công nghệ số ở thôn ạ."
)
# Added under numbered options on Zalo and the console (the message has its own "Dạ").
CHOOSE_HINT = "Anh/chị trả lời bằng số để chọn."
# Role names, as "lệnh này chỉ dành cho {role}" shows them.
ROLE_LABELS = {
    "VILLAGER": "người dân",
    "MEMBER": "thành viên tổ",
    "TEAM_LEADER": "tổ trưởng",
    "COMMUNE_COORDINATOR": "điều phối viên xã/phường",
    "PROVINCE_COORDINATOR": "điều phối viên tỉnh",
    "ADMIN": "quản trị viên",
}
SLOW_DOWN = ("Dạ, anh/chị gửi nhanh quá, em xin chậm lại một chút; "
             "một phút nữa anh/chị nhắn tiếp nhé.")
MORE = "Xem thêm ▸"  # the option that shows the next screen of a list (core/paging.py)
