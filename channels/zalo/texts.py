"""Everything a person reads that the Zalo channel itself writes, in one place to reword."""

IMAGE_UNAVAILABLE = (
    "Dạ, Zalo chưa gửi được hình «{filename}»; anh/chị dùng Telegram hoặc nhờ điều phối viên "
    "xuất hình giúp ạ."
)
FILE_UNAVAILABLE = (
    "Dạ, Zalo chưa gửi được tệp «{filename}»; anh/chị dùng Telegram hoặc nhờ điều phối viên "
    "xuất tệp giúp ạ."
)
FILE_LINK = "📎 Tệp «{filename}»: {url}\n(Dạ, đường dẫn dùng được trong {hours} giờ ạ.)"

# For the operator, printed when start-up stops (Vietnamese, then English).
BAD_TOKEN = (
    "Zalo không nhận mã bot này (getMe trả lỗi {code}: {description}). "
    "Kiểm tra lại mã trong Zalo Bot Creator rồi chạy lại. / Zalo rejected the bot token in "
    "{env} (getMe error {code}); check the token in Zalo Bot Creator."
)
WEBHOOK_REFUSED = (
    "Zalo không nhận địa chỉ webhook (setWebhook trả lỗi {code}: {description}); địa chỉ phải "
    "là https:// công khai. / Zalo refused the webhook URL (setWebhook error {code}); it must "
    "be a public https:// address."
)
WEBHOOK_SECRET_MISSING = (
    "chế độ webhook của Zalo cần mã bí mật 8-256 ký tự trong biến môi trường được đặt tên ở "
    "khóa này. / Zalo webhook mode needs an 8-256 character secret in the environment variable "
    "named by this key."
)
PORT_UNAVAILABLE = (
    "không mở được cổng {port} để nhận webhook ({error}). / Cannot listen on port {port}."
)
