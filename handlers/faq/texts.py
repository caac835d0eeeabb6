"""Everything a villager reads from the question-and-answer feature, in one place to reword."""

WELCOME = (
    "Dạ, xin chào {name}! Em là trợ lý của Tổ công nghệ số cộng đồng.\n"
    "Em có thể giúp:\n"
    "• Trả lời câu hỏi về VNeID, dịch vụ công trực tuyến, khai sinh, cư trú, căn cước, "
    "bảo hiểm, thanh toán không tiền mặt, phòng tránh lừa đảo…\n"
    "• Chỉ đường liên hệ tổ công nghệ số ở thôn.\n"
    "Anh/chị cứ gõ câu hỏi bình thường, có dấu hay không dấu đều được ạ."
)
ASK_PROMPT = (
    "Dạ, anh/chị gõ câu hỏi vào đây nhé, ví dụ: \"quên mật khẩu VNeID\", "
    "\"làm căn cước cho con\", \"tra cứu phạt nguội\"."
)
OPTION_ASK = "❓ Đặt câu hỏi"
OPTION_BROWSE = "📚 Xem theo chủ đề"
OPTION_TEAM = "👥 Liên hệ tổ ở thôn"
OPTION_HELP = "ℹ️ Hướng dẫn"
HELPFUL = "Hữu ích 👍"
NOT_HELPFUL = "Chưa đúng 👎"
NONE_OF_THESE = "Không phải các câu trên"
RELATED_PREFIX = "➡️ "
SOURCES_LINE = "Nguồn: {sources} · cập nhật {checked}"
ALSO_ASKED = "Anh/chị cũng hỏi về: {title}"
SHORTENED = "(Tin nhắn dài quá nên em chỉ đọc phần câu hỏi.)"
NUMBER_WITHOUT_LIST = (
    "Dạ, hiện không có danh sách nào để chọn theo số. Anh/chị gõ câu hỏi bằng chữ, "
    "hoặc chọn một mục dưới đây:"
)
NUMBER_OUT_OF_RANGE = "Dạ, danh sách vừa rồi chỉ có {count} mục, anh/chị chọn số từ 1 đến {count}."

DID_YOU_MEAN = "Dạ, có phải anh/chị muốn hỏi một trong những điều sau không ạ?"
NO_ANSWER = (
    "Dạ, em chưa có câu trả lời cho câu hỏi này. Em đã ghi lại để tổ công nghệ số bổ sung.\n"
    "Anh/chị có thể xem các chủ đề em đang hỗ trợ, hoặc hỏi trực tiếp tổ công nghệ số ở thôn ạ."
)
EMPTY_QUESTION = "Dạ, anh/chị gõ câu hỏi bằng chữ giúp em nhé."
THEMES = "Dạ, anh/chị chọn một chủ đề ạ:"
THEME_ENTRIES = "Chủ đề «{title}». Anh/chị chọn câu hỏi ạ:"
UNKNOWN_ENTRY = "Dạ, mục này không còn trong kho câu hỏi. Anh/chị gõ /chude để xem lại các chủ đề ạ."
THANKS_FEEDBACK = "Dạ, em cảm ơn anh/chị đã góp ý! 🙏"
SORRY_FEEDBACK = (
    "Dạ, em xin lỗi vì câu trả lời chưa đúng ý. Em đã ghi lại để tổ bổ sung. Anh/chị thử hỏi "
    "theo cách khác, hoặc liên hệ tổ công nghệ số ở thôn để được giúp trực tiếp ạ."
)
FEEDBACK_NOT_YOURS = "Dạ, anh/chị chỉ góp ý được cho câu hỏi của anh/chị ạ."

HELP_HEADER = "Dạ, các lệnh anh/chị dùng được:"
HELP_FOOTER = "Hoặc cứ gõ câu hỏi bình thường, em sẽ tìm câu trả lời ạ."

OPEN_QUESTIONS_HEADER = "Câu hỏi chưa có trả lời hoặc bị chê 👎 trong {days} ngày qua (gộp câu giống nhau):"
OPEN_QUESTIONS_LINE = "{rank}. «{example}» — {count} lần ({unanswered} chưa có trả lời, {disliked} 👎)"
OPEN_QUESTIONS_HIDDEN = (
    "Còn {count} câu hỏi của người dân ở xã khác hoặc chưa đăng ký: em chỉ cho biết số lượng "
    "để giữ kín thông tin của họ."
)
OPEN_QUESTIONS_EMPTY = "Dạ, {days} ngày qua không có câu hỏi nào chưa trả lời được. 🎉"

KB_RELOADED = "Dạ, đã nạp lại kho câu hỏi: {entries} mục, {themes} chủ đề ({shown} chủ đề hiện trong /chude)."
KB_RELOAD_FAILED = "Dạ, kho câu hỏi mới có lỗi nên chưa nạp; em vẫn dùng kho cũ.\nLỗi: {error}"

COMMAND_DESCRIPTIONS = {
    "start": "Bắt đầu, giới thiệu trợ lý",
    "help": "Các lệnh dùng được",
    "chude": "Xem câu hỏi theo chủ đề",
    "cauhoimoi": "Câu hỏi chưa có trả lời (30 ngày)",
    "taikb": "Nạp lại kho câu hỏi",
    "huy": "Hủy thao tác đang làm",
}
